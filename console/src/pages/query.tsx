// The query page: a SELECT run as `kuiper query` runs it (POST /query, then GET /query/{id} polled; DELETE stops
// it), its rows shown as they come.

import { useEffect, useRef, useState } from 'preact/hooks'
import { errorText, requestJson, requestText, seg } from '../api.js'
import { t } from '../i18n.js'
import { RowsTable, rowsOf } from '../components/rows-table.js'
import type { Row } from '../components/rows-table.js'
import { SqlEditor } from '../components/sql-editor.js'
import { Notice } from '../components/ui.js'
import { useFunctionNames } from './rules.js'

const POLL_MS = 500
const MAX_ROWS = 500

export function QueryPage() {
  const [sql, setSql] = useState('')
  const [queryId, setQueryId] = useState<string | undefined>(undefined)
  const [rows, setRows] = useState<Row[]>([])
  const [error, setError] = useState<string | undefined>(undefined)
  const functions = useFunctionNames()
  const running = useRef<string | undefined>(undefined)

  const stop = async (): Promise<void> => {
    const qid = running.current
    running.current = undefined
    setQueryId(undefined)
    if (qid !== undefined) await requestText('DELETE', `/query/${seg(qid)}`).catch(() => undefined)
  }

  useEffect(() => {
    if (queryId === undefined) return
    const timer = setInterval(() => {
      requestJson<string[]>('GET', `/query/${seg(queryId)}`).then(
        (payloads) => {
          if (payloads.length === 0) return
          setRows((old) => [...old, ...payloads.flatMap(rowsOf)].slice(-MAX_ROWS))
        },
        (err: unknown) => {
          setError(errorText(err))
          void stop()
        },
      )
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [queryId])

  // Leaving the page stops the query.
  useEffect(() => () => void stop(), [])

  const run = async (e: Event): Promise<void> => {
    e.preventDefault()
    await stop()
    setError(undefined)
    setRows([])
    try {
      const created = await requestJson<{ id: string }>('POST', '/query', { sql })
      running.current = created.id
      setQueryId(created.id)
    } catch (err) {
      setError(errorText(err))
    }
  }

  return (
    <section aria-labelledby="query-title">
      <h1 id="query-title">{t('queryTitle')}</h1>
      <p id="query-help">{t('queryHelp')}</p>
      <form class="panel" onSubmit={(e) => void run(e)}>
        <div class="field">
          <label for="query-sql">{t('sql')}</label>
          <SqlEditor
            id="query-sql"
            label={t('sql')}
            value={sql}
            onChange={setSql}
            functions={functions}
            describedBy="query-help"
          />
        </div>
        <div class="buttons">
          <button type="submit" class="primary" data-testid="run-query">
            {t('run')}
          </button>
          <button type="button" disabled={queryId === undefined} onClick={() => void stop()} data-testid="stop-query">
            {t('stop')}
          </button>
        </div>
      </form>
      {error !== undefined && <Notice kind="error">{error}</Notice>}
      {queryId !== undefined && <Notice kind="info">{t('queryRunning', { id: queryId })}</Notice>}
      {rows.length === 0 ? (
        <p>{t('noResults')}</p>
      ) : (
        <RowsTable rows={rows} caption={t('results')} testId="query-results" />
      )}
    </section>
  )
}
