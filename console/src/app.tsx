// The console's frame: a skip link, the navigation, the language switch, the login form when the API asks for a
// token, and the page of the current path.

import { useEffect, useRef, useState } from 'preact/hooks'
import { authProblem, signIn, signOut, token } from './api.js'
import { language, setLanguage, t } from './i18n.js'
import type { Language, TextKey } from './i18n.js'
import { Link, route } from './router.js'
import { Field, Notice } from './components/ui.js'
import { PluginsPage } from './pages/plugins.js'
import { QueryPage } from './pages/query.js'
import { RuleDetailPage } from './pages/rule-detail.js'
import { RuleTestPage } from './pages/ruletest.js'
import { RuleEditorPage, RulesPage } from './pages/rules.js'
import { SourcesPage } from './pages/sources.js'
import { StreamsPage } from './pages/streams.js'
import { TracesPage } from './pages/traces.js'

const NAV: readonly { href: string; key: TextKey }[] = [
  { href: '/streams', key: 'navStreams' },
  { href: '/rules', key: 'navRules' },
  { href: '/query', key: 'navQuery' },
  { href: '/test', key: 'navTest' },
  { href: '/traces', key: 'navTraces' },
  { href: '/plugins', key: 'navPlugins' },
  { href: '/sources', key: 'navSources' },
]

function Page(props: { path: string }) {
  const parts = props.path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent)
  switch (parts[0]) {
    case 'rules':
      if (parts[1] === 'new') return <RuleEditorPage />
      if (parts[1] !== undefined && parts[2] === 'edit')
        return <RuleEditorPage id={parts[1]} key={`edit-${parts[1]}`} />
      if (parts[1] !== undefined) return <RuleDetailPage id={parts[1]} key={parts[1]} />
      return <RulesPage />
    case 'query':
      return <QueryPage />
    case 'test':
      return <RuleTestPage />
    case 'traces':
      return <TracesPage />
    case 'plugins':
      return <PluginsPage />
    case 'sources':
      return <SourcesPage />
    default:
      return <StreamsPage />
  }
}

function Login() {
  const problem = authProblem.value
  const [jwt, setJwt] = useState('')
  const input = useRef<HTMLTextAreaElement>(null)
  useEffect(() => input.current?.focus(), [])
  if (problem === undefined) return null
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="login-title">
      <form
        class="panel login"
        onSubmit={(e) => {
          e.preventDefault()
          signIn(jwt.trim())
          // The pages load again with the token.
          location.reload()
        }}
      >
        <h2 id="login-title">{t('loginTitle')}</h2>
        <Notice kind="error" testId="login-reason">
          {problem.hadToken ? t('loginExpired', { message: problem.message }) : t('loginMissing')}
        </Notice>
        <Field label={t('token')}>
          {(id) => (
            <textarea
              id={id}
              ref={input}
              rows={4}
              required
              value={jwt}
              onInput={(e) => setJwt(e.currentTarget.value)}
              data-testid="login-token"
            />
          )}
        </Field>
        <button type="submit" class="primary" data-testid="login-submit">
          {t('signIn')}
        </button>
      </form>
    </div>
  )
}

export function App() {
  const path = route.value
  const main = useRef<HTMLElement>(null)
  const shownPath = useRef(path)
  // Moving to another page puts the focus on its content (a screen reader reads it next); the first page keeps the
  // browser's own start, where the skip link is the first stop.
  useEffect(() => {
    if (shownPath.current !== path) main.current?.focus()
    shownPath.current = path
  }, [path])
  void language.value // re-render on a language switch
  return (
    <>
      <a href="#main" class="skip-link">
        {t('skipToContent')}
      </a>
      <header class="top">
        <span class="brand">{t('appName')}</span>
        <nav aria-label={t('appName')}>
          <ul>
            {NAV.map((n) => (
              <li key={n.href}>
                <Link href={n.href} current={path === n.href || path.startsWith(`${n.href}/`)}>
                  {t(n.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <label class="language">
          <span>{t('language')}</span>
          <select
            value={language.value}
            onChange={(e) => setLanguage(e.currentTarget.value as Language)}
            data-testid="language"
          >
            <option value="en_US">English</option>
            <option value="zh_CN">中文</option>
          </select>
        </label>
        {token.value !== undefined && (
          <button
            type="button"
            onClick={() => {
              signOut()
              location.reload()
            }}
          >
            {t('logout')}
          </button>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page path={path} />
      </main>
      <Login />
    </>
  )
}
