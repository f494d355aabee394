// Plugins: the sources, sinks and functions (built in or installed), installing one from an archive URL, removing
// an installed one.

import { useState } from 'preact/hooks'
import { get, requestText, seg } from '../api.js'
import { t } from '../i18n.js'
import { act, Field, Notice, Show, useLoad } from '../components/ui.js'

const KINDS = ['sources', 'sinks', 'functions'] as const
type Kind = (typeof KINDS)[number]

export function PluginsPage() {
  const [kind, setKind] = useState<Kind>('sources')
  const list = useLoad(() => get<string[]>(`/plugins/${kind}`), [kind])
  const [name, setName] = useState('')
  const [file, setFile] = useState('')
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined)
  const done = (r: { kind: 'ok' | 'error'; text: string }): void => {
    setNote(r)
    list.reload()
  }
  return (
    <section aria-labelledby="plugins-title">
      <h1 id="plugins-title">{t('pluginsTitle')}</h1>
      <div role="tablist" aria-label={t('kind')} class="tabs">
        {KINDS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={k === kind} onClick={() => setKind(k)}>
            {k}
          </button>
        ))}
      </div>
      {note !== undefined && <Notice kind={note.kind}>{note.text}</Notice>}
      <Show loaded={list}>
        {(names) => (
          <table class="grid" data-testid="plugins-table">
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {names.map((n) => (
                <tr key={n}>
                  <td>{n}</td>
                  <td>
                    <button
                      type="button"
                      class="danger"
                      onClick={() => {
                        if (confirm(t('confirmDrop', { name: n })))
                          void act(() => requestText('DELETE', `/plugins/${kind}/${seg(n)}`), done)
                      }}
                    >
                      {t('remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Show>
      <form
        class="panel"
        onSubmit={(e) => {
          e.preventDefault()
          void act(() => requestText('POST', `/plugins/${kind}`, { name, file }), done)
        }}
      >
        <h2>
          {t('install')} ({kind})
        </h2>
        <div class="row">
          <Field label={t('name')}>
            {(id) => <input id={id} required value={name} onInput={(e) => setName(e.currentTarget.value)} />}
          </Field>
          <Field label={t('pluginUrl')}>
            {(id) => <input id={id} required type="url" value={file} onInput={(e) => setFile(e.currentTarget.value)} />}
          </Field>
        </div>
        <button type="submit" class="primary">
          {t('install')}
        </button>
      </form>
    </section>
  )
}
