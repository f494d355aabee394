// The rule test page: the SQL run on mock data without storing a rule (POST /ruletest, events from
// /ruletest/{id}/events, POST /ruletest/{id}/start; DELETE /ruletest/{id} when done or when leaving the page).

import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, errorText, get, requestJson, requestText, seg } from '../api.js'
import { t } from '../i18n.js'
import { RowsTable, rowsOf } from '../components/rows-table.js'
import type { Row } from '../components/rows-table.js'
import { SqlEditor } from '../components/sql-editor.js'
import { Field, Notice, useLoad } from '../components/ui.js'
import { openEvents } from '../sse.js'
import { useFunctionNames } from './rules.js'

interface Mock {
  stream: string
  data: string
  interval: number
  loop: boolean
}

const EXAMPLE = '[{"temperature": 20}, {"temperature": 35}, {"temperature": 41}]'

export function RuleTestPage() {
  const streams = useLoad(() => get<string[]>('/streams'), [])
  const functions = useFunctionNames()
  const [sql, setSql] = useState('')
  const [mocks, setMocks] = useState<Mock[]>([{ stream: '', data: EXAMPLE, interval: 200, loop: false }])
  const [rows, setRows] = useState<Row[]>([])
  const [messages, setMessages] = useState<{ kind: 'error' | 'info' | 'ok'; text: string }[]>([])
  const session = useRef<{ id: string; close: () => void } | undefined>(undefined)

  const end = async (): Promise<void> => {
    const s = session.current
    session.current = undefined
    if (s === undefined) return
    s.close()
    await requestText('DELETE', `/ruletest/${seg(s.id)}`).catch(() => undefined)
  }
  useEffect(() => () => void end(), [])

  const streamOf = (m: Mock): string => (m.stream !== '' ? m.stream : (streams.data?.[0] ?? ''))
  const say = (kind: 'error' | 'info' | 'ok', text: string): void => setMessages((old) => [...old, { kind, text }])

  const run = async (e: Event): Promise<void> => {
    e.preventDefault()
    await end()
    setRows([])
    setMessages([])
    const id = `console-test-${Date.now().toString(36)}`
    try {
      const mockSource: Record<string, unknown> = {}
      for (const m of mocks) {
        mockSource[streamOf(m)] = { data: JSON.parse(m.data) as unknown, interval: m.interval, loop: m.loop }
      }
      await requestJson('POST', '/ruletest', { id, sql, mockSource, sinkProps: {} })
      const close = openEvents(
        `/ruletest/${seg(id)}/events`,
        ['data', 'error', 'end'],
        (ev) => {
          if (ev.event === 'data') setRows((old) => [...old, ...rowsOf(ev.data)].slice(-500))
          else if (ev.event === 'error') say('error', (JSON.parse(ev.data) as { error?: string }).error ?? ev.data)
          else {
            say('ok', t('ended', { reason: (JSON.parse(ev.data) as { reason?: string }).reason ?? '' }))
            void end()
          }
        },
        (message) => say('error', message),
      )
      session.current = { id, close }
      await requestText('POST', `/ruletest/${seg(id)}/start`)
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && String(err.message).startsWith('no endpoint')) {
        say('info', t('testUnavailable'))
      } else say('error', errorText(err))
      await end()
    }
  }

  const setMock = (i: number, m: Partial<Mock>): void =>
    setMocks(mocks.map((old, j) => (j === i ? { ...old, ...m } : old)))

  return (
    <section aria-labelledby="test-title">
      <h1 id="test-title">{t('testTitle')}</h1>
      <p id="test-help">{t('testHelp')}</p>
      <form class="panel" onSubmit={(e) => void run(e)}>
        <div class="field">
          <label for="test-sql">{t('sql')}</label>
          <SqlEditor
            id="test-sql"
            label={t('sql')}
            value={sql}
            onChange={setSql}
            functions={functions}
            describedBy="test-help"
          />
        </div>
        {mocks.map((m, i) => (
          <fieldset key={i}>
            <legend>{t('mockData', { name: streamOf(m) })}</legend>
            <div class="row">
              <Field label={t('mockStream')}>
                {(id) => (
                  <select
                    id={id}
                    value={streamOf(m)}
                    onChange={(e) => setMock(i, { stream: e.currentTarget.value })}
                    data-testid={`mock-stream-${i}`}
                  >
                    {(streams.data ?? []).map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('interval')}>
                {(id) => (
                  <input
                    id={id}
                    type="number"
                    min="0"
                    value={m.interval}
                    onInput={(e) => setMock(i, { interval: Number(e.currentTarget.value) })}
                  />
                )}
              </Field>
              <Field label={t('loop')}>
                {(id) => (
                  <input
                    id={id}
                    type="checkbox"
                    checked={m.loop}
                    onChange={(e) => setMock(i, { loop: e.currentTarget.checked })}
                  />
                )}
              </Field>
            </div>
            <Field label={t('mockData', { name: streamOf(m) })}>
              {(id) => (
                <textarea
                  id={id}
                  rows={5}
                  value={m.data}
                  onInput={(e) => setMock(i, { data: e.currentTarget.value })}
                  data-testid={`mock-data-${i}`}
                />
              )}
            </Field>
          </fieldset>
        ))}
        <div class="buttons">
          <button type="submit" class="primary" data-testid="run-test">
            {t('run')}
          </button>
          <button type="button" onClick={() => void end()}>
            {t('stop')}
          </button>
        </div>
      </form>
      <div aria-live="polite" data-testid="test-messages">
        {messages.map((m, i) => (
          <Notice key={i} kind={m.kind}>
            {m.text}
          </Notice>
        ))}
      </div>
      {rows.length === 0 ? (
        <p>{t('noResults')}</p>
      ) : (
        <RowsTable rows={rows} caption={t('output')} testId="test-output" />
      )}
    </section>
  )
}
