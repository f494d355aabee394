// Reads a server-sent event stream (the rule test events) for the server tests: every event until `end`, or until
// `until` says enough, within a bounded wait.

export interface SseEvent {
  readonly event: string
  readonly data: string
}

export interface SseReader {
  /** Events seen so far. */
  readonly events: SseEvent[]
  /** Resolves once `pred` holds for the events seen, or rejects after `ms`. */
  waitFor(pred: (events: readonly SseEvent[]) => boolean, ms?: number): Promise<SseEvent[]>
  /** Resolves when the server closed the stream. */
  readonly closed: Promise<void>
  close(): void
}

export async function openSse(url: string): Promise<SseReader & { status: number; type: string }> {
  const controller = new AbortController()
  const res = await fetch(url, { signal: controller.signal })
  const events: SseEvent[] = []
  const waiters = new Set<() => void>()
  const wake = (): void => {
    for (const w of [...waiters]) w()
  }
  const closed = (async () => {
    if (res.body === null) return
    const decoder = new TextDecoder()
    let buf = ''
    try {
      // A reader rather than `for await`: with the DOM library in the program (playwright-core's types bring it), the
      // global ReadableStream type has no async iterator.
      const reader = res.body.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        buf += decoder.decode(value, { stream: true })
        let i
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i)
          buf = buf.slice(i + 2)
          let event = 'message'
          const data: string[] = []
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7)
            else if (line.startsWith('data: ')) data.push(line.slice(6))
          }
          if (data.length > 0) events.push({ event, data: data.join('\n') })
        }
        wake()
      }
    } catch {
      // aborted by close()
    }
    wake()
  })()
  let done = false
  void closed.then(() => (done = true))
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    events,
    closed,
    close: () => controller.abort(),
    waitFor(pred, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (pred(events)) {
            clearTimeout(timer)
            waiters.delete(check)
            resolve([...events])
          } else if (done) {
            clearTimeout(timer)
            waiters.delete(check)
            reject(new Error(`stream closed first; events: ${JSON.stringify(events)}`))
          }
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`timed out after ${ms} ms; events: ${JSON.stringify(events)}`))
        }, ms)
        waiters.add(check)
        check()
      })
    },
  }
}
