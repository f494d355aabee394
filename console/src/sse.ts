// Server-sent events of the API (GET /ruletest/{id}/events). Without a token the browser's EventSource reads them;
// EventSource cannot send an Authorization header, so with a token the stream is read with fetch and parsed here.

import { headers, noteUnauthorized, token } from './api.js'
import { parseEvents } from './sse-events.js'
import type { ServerEvent } from './sse-events.js'

/** Opens the event stream at `path`; `onEvent` gets each event, `onError` a failure. Returns a closer. */
export function openEvents(
  path: string,
  names: readonly string[],
  onEvent: (e: ServerEvent) => void,
  onError: (message: string) => void,
): () => void {
  if (token.value === undefined) {
    const source = new EventSource(path)
    for (const name of names)
      source.addEventListener(name, (e) => onEvent({ event: name, data: (e as MessageEvent<string>).data }))
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) onError(`${path}: the event stream closed`)
    }
    return () => source.close()
  }
  const abort = new AbortController()
  void (async () => {
    try {
      const r = await fetch(path, { headers: headers({ accept: 'text/event-stream' }), signal: abort.signal })
      if (!r.ok || r.body === null) {
        const text = await r.text()
        noteUnauthorized(r.status, text)
        return onError(`${r.status}: ${text}`)
      }
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        const parsed = parseEvents(buffer + value)
        buffer = parsed.rest
        for (const e of parsed.events) if (names.includes(e.event)) onEvent(e)
      }
    } catch (err) {
      if (!abort.signal.aborted) onError(err instanceof Error ? err.message : String(err))
    }
  })()
  return () => abort.abort()
}
