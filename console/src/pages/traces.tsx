// Traces: start or stop tracing a rule (strategy always or head), list its traces, open one as a tree of spans,
// each operator with its input/output and timing. Spans are read in eKuiper's capitalised field names or in
// lower camel case.

import { useState } from 'preact/hooks'
import { ApiError, errorText, get, requestText, seg } from '../api.js'
import { t } from '../i18n.js'
import { act, Field, Notice, useLoad } from '../components/ui.js'

interface Span {
  readonly name: string
  readonly traceId: string
  readonly spanId: string
  readonly startTime: string
  readonly endTime: string
  readonly attribute: Readonly<Record<string, unknown>>
  readonly children: readonly Span[]
}

/** A span of the API, whichever case its fields are in. */
export function spanOf(raw: Readonly<Record<string, unknown>>): Span {
  const f = (lower: string, upper: string): unknown => raw[lower] ?? raw[upper]
  const children = (f('childSpan', 'ChildSpan') ?? []) as Record<string, unknown>[]
  return {
    name: String(f('name', 'Name') ?? ''),
    traceId: String(f('traceId', 'TraceID') ?? ''),
    spanId: String(f('spanId', 'SpanID') ?? ''),
    startTime: String(f('startTime', 'StartTime') ?? ''),
    endTime: String(f('endTime', 'EndTime') ?? ''),
    attribute: (f('attribute', 'Attribute') ?? {}) as Record<string, unknown>,
    children: children.map(spanOf),
  }
}

function durationMs(s: Span): string {
  const d = Date.parse(s.endTime) - Date.parse(s.startTime)
  return Number.isFinite(d) ? `${d} ms` : ''
}

function SpanNode(props: { span: Span }) {
  const { span } = props
  return (
    <li role="treeitem" aria-expanded={span.children.length > 0 ? true : undefined}>
      <details open>
        <summary>
          <strong>{span.name}</strong> <span class="muted">{durationMs(span)}</span>
        </summary>
        <dl class="span-attributes">
          {Object.entries(span.attribute).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>
                <pre>{typeof v === 'string' ? v : JSON.stringify(v, null, 2)}</pre>
              </dd>
            </div>
          ))}
          <div>
            <dt>{t('duration')}</dt>
            <dd>
              {span.startTime} → {span.endTime}
            </dd>
          </div>
        </dl>
      </details>
      {span.children.length > 0 && (
        <ul role="group">
          {span.children.map((c) => (
            <SpanNode key={c.spanId} span={c} />
          ))}
        </ul>
      )}
    </li>
  )
}

export function TracesPage() {
  const rules = useLoad(() => get<{ id: string }[]>('/rules'), [])
  const [rule, setRule] = useState('')
  const [strategy, setStrategy] = useState<'always' | 'head'>('always')
  const [note, setNote] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | undefined>(undefined)
  const ruleId = rule !== '' ? rule : (rules.data?.[0]?.id ?? '')
  const ids = useLoad(
    () => (ruleId === '' ? Promise.resolve([]) : get<string[]>(`/trace/rule/${seg(ruleId)}`)),
    [ruleId],
  )
  const [open, setOpen] = useState<Span | undefined>(undefined)

  const unavailable = (err: unknown): boolean =>
    err instanceof ApiError && err.status === 404 && err.message.startsWith('no endpoint')

  return (
    <section aria-labelledby="traces-title">
      <h1 id="traces-title">{t('tracesTitle')}</h1>
      <div class="panel">
        <div class="row">
          <Field label={t('rule')}>
            {(id) => (
              <select id={id} value={ruleId} onChange={(e) => setRule(e.currentTarget.value)} data-testid="trace-rule">
                {(rules.data ?? []).map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.id}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('strategy')}>
            {(id) => (
              <select
                id={id}
                value={strategy}
                onChange={(e) => setStrategy(e.currentTarget.value as 'always' | 'head')}
              >
                <option value="always">always</option>
                <option value="head">head</option>
              </select>
            )}
          </Field>
        </div>
        <div class="buttons">
          <button
            type="button"
            class="primary"
            data-testid="trace-start"
            onClick={() =>
              void act(() => requestText('POST', `/rules/${seg(ruleId)}/trace/start`, { strategy }), setNote)
            }
          >
            {t('startTrace')}
          </button>
          <button
            type="button"
            data-testid="trace-stop"
            onClick={() => void act(() => requestText('POST', `/rules/${seg(ruleId)}/trace/stop`), setNote)}
          >
            {t('stopTrace')}
          </button>
          <button type="button" onClick={ids.reload} data-testid="trace-refresh">
            {t('refresh')}
          </button>
        </div>
      </div>
      {note !== undefined && <Notice kind={note.kind}>{note.text}</Notice>}
      {ids.error !== undefined && (
        <Notice kind={ids.status === 404 ? 'info' : 'error'}>
          {ids.status === 404 ? t('tracesUnavailable') : ids.error}
        </Notice>
      )}
      <div class="two-columns">
        <div>
          <h2>{t('traceIds', { id: ruleId })}</h2>
          <ul class="plain" data-testid="trace-ids">
            {(ids.data ?? []).map((tid) => (
              <li key={tid}>
                <button
                  type="button"
                  class="link"
                  onClick={() =>
                    void get<Record<string, unknown>>(`/trace/${seg(tid)}`).then(
                      (raw) => setOpen(spanOf(raw)),
                      (err: unknown) =>
                        setNote(
                          unavailable(err)
                            ? { kind: 'info', text: t('tracesUnavailable') }
                            : { kind: 'error', text: errorText(err) },
                        ),
                    )
                  }
                >
                  {tid}
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div>
          {open !== undefined && (
            <>
              <h2>{t('traceTree', { id: open.traceId })}</h2>
              <ul
                role="tree"
                aria-label={t('traceTree', { id: open.traceId })}
                class="trace-tree"
                data-testid="trace-tree"
              >
                <SpanNode span={open} />
              </ul>
            </>
          )}
        </div>
      </div>
    </section>
  )
}
