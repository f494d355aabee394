// The console's pages are paths under /console/ (kuiperd answers each with index.html); moving between them is
// history.pushState, so the back button and bookmarks work.

import { signal } from '@preact/signals'
import type { ComponentChildren } from 'preact'

export const BASE = '/console'

function current(): string {
  const p = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname
  return p === '' ? '/' : p
}

/** The page's path below /console (`/rules/r1`). */
export const route = signal<string>(current())

addEventListener('popstate', () => (route.value = current()))

export function navigate(path: string): void {
  history.pushState(null, '', `${BASE}${path}`)
  route.value = path
}

export function Link(props: { href: string; children: ComponentChildren; class?: string; current?: boolean }) {
  return (
    <a
      href={`${BASE}${props.href}`}
      class={props.class}
      aria-current={props.current === true ? 'page' : undefined}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return
        e.preventDefault()
        navigate(props.href)
      }}
    >
      {props.children}
    </a>
  )
}
