// Small building blocks the pages share: a notice read out by screen readers, a labelled field, data loading.

import type { ComponentChildren } from 'preact'
import { useCallback, useEffect, useId, useState } from 'preact/hooks'
import { errorText } from '../api.js'
import { t } from '../i18n.js'

/** A message that assistive technology announces: `alert` for errors, `status` for the rest. */
export function Notice(props: { kind: 'error' | 'info' | 'ok'; children: ComponentChildren; testId?: string }) {
  return (
    <div
      class={`notice notice-${props.kind}`}
      role={props.kind === 'error' ? 'alert' : 'status'}
      data-testid={props.testId}
    >
      {props.children}
    </div>
  )
}

/** A label and its control, tied by id so that clicking or reading the label reaches the control. */
export function Field(props: {
  label: string
  hint?: string
  children: (id: string, hintId: string | undefined) => ComponentChildren
}) {
  const id = useId()
  const hintId = props.hint !== undefined && props.hint !== '' ? `${id}-hint` : undefined
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.children(id, hintId)}
      {hintId !== undefined && (
        <small id={hintId} class="hint">
          {props.hint}
        </small>
      )}
    </div>
  )
}

export interface Loaded<T> {
  readonly data: T | undefined
  readonly error: string | undefined
  readonly status: number | undefined
  reload(): void
}

/** Loads `load()` now, again on reload() and when `deps` change; every `pollMs` too when given. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[], pollMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: string | undefined; status: number | undefined }>({
    data: undefined,
    error: undefined,
    status: undefined,
  })
  const [tick, setTick] = useState(0)
  const reload = useCallback(() => setTick((n) => n + 1), [])
  useEffect(() => {
    let live = true
    const run = (): void => {
      load().then(
        (data) => live && setState({ data, error: undefined, status: undefined }),
        (err: unknown) =>
          live &&
          setState((s) => ({
            data: s.data,
            error: errorText(err),
            status: (err as { status?: number }).status,
          })),
      )
    }
    run()
    const timer = pollMs !== undefined ? setInterval(run, pollMs) : undefined
    return () => {
      live = false
      if (timer !== undefined) clearInterval(timer)
    }
  }, [...deps, tick])
  return { ...state, reload }
}

/** A loading line, an error, or the content. */
export function Show<T>(props: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const { data, error } = props.loaded
  return (
    <>
      {error !== undefined && <Notice kind="error">{error}</Notice>}
      {data === undefined ? error === undefined && <p aria-busy="true">{t('loading')}</p> : props.children(data)}
    </>
  )
}

/** Runs an action of a button: its error or its message is shown by the caller through `onDone`. */
export async function act(
  run: () => Promise<string | void>,
  onDone: (r: { kind: 'ok' | 'error'; text: string }) => void,
): Promise<void> {
  try {
    const text = await run()
    onDone({ kind: 'ok', text: t('done', { message: text === undefined || text === '' ? 'OK' : text }) })
  } catch (err) {
    onDone({ kind: 'error', text: errorText(err) })
  }
}
