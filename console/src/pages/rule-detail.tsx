// One rule: its topology as a graph, its metrics per operator (a table, and charts of records in/out and latency
// over the last minutes, from /rules/{id}/status polled every second), and start/stop/restart/delete.

import { useEffect, useState } from 'preact/hooks'
import { errorText, get, requestText, seg } from '../api.js'
import { t } from '../i18n.js'
import { Link, navigate } from '../router.js'
import { TimeChart } from '../components/chart.js'
import { TopoGraph } from '../components/topo-graph.js'
import type { RuleTopo } from '../components/topo-graph.js'
import { act, Notice, Show, useLoad } from '../components/ui.js'
import { addSample, byOperator, seriesOf } from '../metrics.js'
import type { Sample } from '../metrics.js'

const POLL_MS = 1000
const WINDOW_SECONDS = 300

export function RuleDetailPage(props: { id: string }) {
  const { id } = props
  const topo = useLoad(() => get<RuleTopo>(`/rules/${seg(id)}/topo`), [id])
  const [history, setHistory] = useState<Sample[]>([])
  const [stopped, setStopped] = useState<string | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined)

  useEffect(() => {
    let live = true
    const poll = async (): Promise<void> => {
      try {
        const text = await requestText('GET', `/rules/${seg(id)}/status`)
        if (!live) return
        setError(undefined)
        // Running: JSON metrics; otherwise a text status (`Stopped: canceled manually.`).
        if (!text.trimStart().startsWith('{')) return setStopped(text)
        setStopped(undefined)
        const ops = byOperator(JSON.parse(text) as Record<string, unknown>)
        setHistory((h) => addSample(h, { time: Date.now() / 1000, ops }, WINDOW_SECONDS))
      } catch (err) {
        if (live) setError(errorText(err))
      }
    }
    void poll()
    const timer = setInterval(() => void poll(), POLL_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [id])

  const control = (what: 'start' | 'stop' | 'restart'): void =>
    void act(
      () => requestText('POST', `/rules/${seg(id)}/${what}`),
      (r) => {
        setNote(r)
        topo.reload()
      },
    )
  const latest = history[history.length - 1]

  return (
    <section aria-labelledby="rule-title">
      <p>
        <Link href="/rules">← {t('back')}</Link>
      </p>
      <h1 id="rule-title">
        {t('rule')} {id}
      </h1>
      <div class="buttons" role="group" aria-label={t('actions')}>
        <button type="button" onClick={() => control('start')} data-testid="rule-start">
          {t('start')}
        </button>
        <button type="button" onClick={() => control('stop')} data-testid="rule-stop">
          {t('stop')}
        </button>
        <button type="button" onClick={() => control('restart')} data-testid="rule-restart">
          {t('restart')}
        </button>
        <Link href={`/rules/${seg(id)}/edit`} class="button">
          {t('edit')}
        </Link>
        <button
          type="button"
          class="danger"
          onClick={() => {
            if (!confirm(t('confirmDelete', { id }))) return
            void act(
              () => requestText('DELETE', `/rules/${seg(id)}`),
              (r) => (r.kind === 'ok' ? navigate('/rules') : setNote(r)),
            )
          }}
        >
          {t('delete')}
        </button>
      </div>
      {note !== undefined && <Notice kind={note.kind}>{note.text}</Notice>}
      {error !== undefined && <Notice kind="error">{error}</Notice>}
      {stopped !== undefined && <Notice kind="info">{t('notRunning', { status: stopped })}</Notice>}
      <div class="two-columns">
        <div>
          <h2>{t('topology')}</h2>
          <Show loaded={topo}>{(tp) => <TopoGraph topo={tp} label={`${t('topology')} ${id}`} />}</Show>
        </div>
        <div>
          <h2>{t('metrics')}</h2>
          {latest !== undefined && (
            <table class="grid compact" data-testid="metrics-table">
              <thead>
                <tr>
                  <th scope="col">{t('operator')}</th>
                  <th scope="col">{t('recordsIn')}</th>
                  <th scope="col">{t('recordsOut')}</th>
                  <th scope="col">{t('latency')}</th>
                  <th scope="col">{t('exceptions')}</th>
                </tr>
              </thead>
              <tbody>
                {[...latest.ops].map(([op, m]) => (
                  <tr key={op} data-testid={`metrics-${op}`}>
                    <th scope="row">{op}</th>
                    <td data-metric="records_in_total">{m.records_in_total ?? 0}</td>
                    <td data-metric="records_out_total">{m.records_out_total ?? 0}</td>
                    <td data-metric="process_latency_ms">{m.process_latency_ms ?? 0}</td>
                    <td data-metric="exceptions_total" title={String(m.last_exception ?? '')}>
                      {m.exceptions_total ?? 0}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      {latest !== undefined && (
        <div class="charts">
          {[...latest.ops.keys()].map((op) => (
            <div key={op} class="chart-pair">
              <TimeChart
                title={t('recordsChart', { op })}
                series={[t('recordsIn'), t('recordsOut')]}
                data={seriesOf(history, op, ['records_in_total', 'records_out_total'])}
              />
              <TimeChart
                title={t('latencyChart', { op })}
                series={[t('latency')]}
                data={seriesOf(history, op, ['process_latency_ms'])}
              />
            </div>
          ))}
        </div>
      )}
    </section>
  )
}
