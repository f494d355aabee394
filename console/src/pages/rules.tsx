// Rules: the list with each rule's status kept live (polled), and the editor that creates or updates one: the
// SQL editor (highlighting and validation as you type) and the sinks, each a form generated from the properties
// the sink declares in /metadata/sinks/{name}.

import { useEffect, useMemo, useState } from 'preact/hooks'
import { errorText, get, requestText, seg } from '../api.js'
import { t } from '../i18n.js'
import { Link, navigate } from '../router.js'
import { defaultsOf, PropertyForm } from '../components/property-form.js'
import type { PropertyMeta } from '../components/property-form.js'
import { SqlEditor } from '../components/sql-editor.js'
import { act, Field, Notice, Show, useLoad } from '../components/ui.js'

export function RulesPage() {
  const list = useLoad(() => get<{ id: string; status: string }[]>('/rules'), [], 2000)
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined)
  const run = (id: string, what: 'start' | 'stop'): void =>
    void act(
      () => requestText('POST', `/rules/${seg(id)}/${what}`),
      (r) => {
        setNote(r)
        list.reload()
      },
    )
  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">{t('rulesTitle')}</h1>
      <p>
        <Link href="/rules/new" class="button primary">
          {t('newRule')}
        </Link>
      </p>
      {note !== undefined && <Notice kind={note.kind}>{note.text}</Notice>}
      <Show loaded={list}>
        {(rules) =>
          rules.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <table class="grid" data-testid="rules-table">
              <thead>
                <tr>
                  <th scope="col">{t('ruleId')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {rules.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`/rules/${seg(r.id)}`}>{r.id}</Link>
                    </td>
                    <td data-testid={`rule-status-${r.id}`}>{r.status}</td>
                    <td class="buttons">
                      <button type="button" onClick={() => run(r.id, 'start')}>
                        {t('start')}
                      </button>
                      <button type="button" onClick={() => run(r.id, 'stop')}>
                        {t('stop')}
                      </button>
                      <Link href={`/rules/${seg(r.id)}/edit`} class="button">
                        {t('edit')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  )
}

interface Sink {
  type: string
  props: Record<string, unknown>
}

interface SinkMetadata {
  customProperty: Record<string, { properties: PropertyMeta[] }>
}

/** The built-in function names, for the editor's highlighting (none when /metadata/functions fails). */
export function useFunctionNames(): readonly string[] {
  const fns = useLoad(() => get<{ functions: { name: string }[] }[]>('/metadata/functions'), [])
  return useMemo(() => (fns.data ?? []).flatMap((g) => g.functions.map((f) => f.name)), [fns.data])
}

export function RuleEditorPage(props: { id?: string }) {
  const editing = props.id !== undefined
  const [id, setId] = useState(props.id ?? '')
  const [sql, setSql] = useState('')
  /** The SQL the editor starts with: undefined while the rule to edit loads. */
  const [initialSql, setInitialSql] = useState<string | undefined>(props.id === undefined ? '' : undefined)
  const [sinks, setSinks] = useState<Sink[]>([{ type: 'log', props: {} }])
  const [error, setError] = useState<string | undefined>(undefined)
  const functions = useFunctionNames()
  const sinkTypes = useLoad(() => get<{ name: string }[]>('/metadata/sinks'), [])

  useEffect(() => {
    if (props.id === undefined) return
    get<{ sql: string; actions: Record<string, Record<string, unknown>>[] }>(`/rules/${seg(props.id)}`).then(
      (rule) => {
        setSql(rule.sql)
        setInitialSql(rule.sql)
        setSinks(rule.actions.flatMap((a) => Object.entries(a).map(([type, p]) => ({ type, props: p }))))
      },
      (err: unknown) => setError(errorText(err)),
    )
  }, [props.id])

  const actions = (): Record<string, unknown>[] => sinks.map((s) => ({ [s.type]: s.props }))
  const ruleFor = (text: string): Record<string, unknown> => ({
    ...(id.trim() !== '' ? { id: id.trim() } : {}),
    sql: text,
    actions: actions().length > 0 ? actions() : [{ log: {} }],
  })

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    setError(undefined)
    try {
      const body = { id: id.trim(), sql, actions: actions() }
      if (editing) await requestText('PUT', `/rules/${seg(id)}`, body)
      else await requestText('POST', '/rules', body)
      navigate(`/rules/${seg(id.trim())}`)
    } catch (err) {
      setError(errorText(err))
    }
  }

  return (
    <section aria-labelledby="rule-editor-title">
      <h1 id="rule-editor-title">{editing ? `${t('edit')} ${id}` : t('newRule')}</h1>
      <form onSubmit={(e) => void submit(e)} class="panel">
        {error !== undefined && <Notice kind="error">{error}</Notice>}
        <Field label={t('ruleId')}>
          {(fid) => (
            <input
              id={fid}
              required
              readOnly={editing}
              value={id}
              onInput={(e) => setId(e.currentTarget.value)}
              data-testid="rule-id"
            />
          )}
        </Field>
        <div class="field">
          <label for="rule-sql">{t('sql')}</label>
          {initialSql === undefined ? (
            <p aria-busy="true">{t('loading')}</p>
          ) : (
            <SqlEditor
              id="rule-sql"
              label={t('sql')}
              value={initialSql}
              onChange={setSql}
              functions={functions}
              ruleFor={ruleFor}
            />
          )}
        </div>
        <fieldset>
          <legend>{t('sinks')}</legend>
          {sinks.map((s, i) => (
            <SinkForm
              key={i}
              index={i}
              sink={s}
              types={(sinkTypes.data ?? []).map((x) => x.name)}
              onChange={(next) => setSinks(sinks.map((old, j) => (j === i ? next : old)))}
              onRemove={() => setSinks(sinks.filter((_, j) => j !== i))}
            />
          ))}
          <button type="button" onClick={() => setSinks([...sinks, { type: 'log', props: {} }])} data-testid="add-sink">
            {t('addSink')}
          </button>
        </fieldset>
        <div class="buttons">
          <button type="submit" class="primary" data-testid="save-rule">
            {t('save')}
          </button>
          <Link href="/rules" class="button">
            {t('cancel')}
          </Link>
        </div>
      </form>
    </section>
  )
}

function SinkForm(props: {
  index: number
  sink: Sink
  types: readonly string[]
  onChange: (s: Sink) => void
  onRemove: () => void
}) {
  const { sink } = props
  const meta = useLoad(() => get<SinkMetadata>(`/metadata/sinks/${seg(sink.type)}`), [sink.type])
  const properties = meta.data?.customProperty[sink.type]?.properties ?? []
  const n = props.index + 1
  return (
    <div class="sink panel" data-testid={`sink-${props.index}`}>
      <div class="row">
        <h3>{t('sinkN', { n, type: sink.type })}</h3>
        <button type="button" class="icon" aria-label={t('removeSink', { n })} onClick={props.onRemove}>
          ×
        </button>
      </div>
      <Field label={t('sinkType')}>
        {(id) => (
          <select
            id={id}
            value={sink.type}
            data-testid={`sink-type-${props.index}`}
            onChange={(e) => {
              const type = e.currentTarget.value
              // A new type starts from its declared defaults, once its metadata is in.
              props.onChange({ type, props: {} })
              void get<SinkMetadata>(`/metadata/sinks/${seg(type)}`).then((m) =>
                props.onChange({ type, props: defaultsOf(m.customProperty[type]?.properties ?? []) }),
              )
            }}
          >
            {(props.types.length > 0 ? props.types : [sink.type]).map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        )}
      </Field>
      <PropertyForm
        properties={properties}
        values={sink.props}
        idPrefix={`sink-${props.index}`}
        onChange={(p) => props.onChange({ type: sink.type, props: p })}
      />
    </div>
  )
}
