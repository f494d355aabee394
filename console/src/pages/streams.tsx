// Streams: the list (describe, drop) and the form that creates one: its fields, source type, data source, format
// and configuration key, with that key's settings from /metadata/sources/{type} shown beside.

import { useState } from 'preact/hooks'
import { get, requestText, seg } from '../api.js'
import { t } from '../i18n.js'
import { act, Field, Notice, Show, useLoad } from '../components/ui.js'
import { showValue } from '../components/property-form.js'
import type { PropertyMeta } from '../components/property-form.js'

const FIELD_TYPES = ['bigint', 'float', 'string', 'datetime', 'boolean', 'bytea']

interface StreamField {
  name: string
  type: string
}

/** `CREATE STREAM` from the form's values; identifiers quoted with backticks, strings with double quotes. */
export function createStreamSql(s: {
  name: string
  fields: readonly StreamField[]
  type: string
  datasource: string
  format: string
  confKey: string
}): string {
  const q = (v: string): string => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
  const fields = s.fields.filter((f) => f.name.trim() !== '').map((f) => `\`${f.name.trim()}\` ${f.type}`)
  const opts = [`DATASOURCE=${q(s.datasource)}`, `FORMAT=${q(s.format)}`, `TYPE=${q(s.type)}`]
  if (s.confKey !== '' && s.confKey !== 'default') opts.push(`CONF_KEY=${q(s.confKey)}`)
  return `CREATE STREAM \`${s.name.trim()}\` (${fields.join(', ')}) WITH (${opts.join(', ')})`
}

export function StreamsPage() {
  const list = useLoad(() => get<string[]>('/streams'), [])
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined)
  const [described, setDescribed] = useState<{ name: string; text: string } | undefined>(undefined)
  return (
    <section aria-labelledby="streams-title">
      <h1 id="streams-title">{t('streamsTitle')}</h1>
      {note !== undefined && <Notice kind={note.kind}>{note.text}</Notice>}
      <Show loaded={list}>
        {(names) =>
          names.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <table class="grid" data-testid="streams-table">
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
                    <td class="buttons">
                      <button
                        type="button"
                        onClick={() =>
                          void get<unknown>(`/streams/${seg(n)}`).then(
                            (d) => setDescribed({ name: n, text: JSON.stringify(d, null, 2) }),
                            (err: unknown) => setNote({ kind: 'error', text: String((err as Error).message) }),
                          )
                        }
                      >
                        {t('describe')}
                      </button>
                      <button
                        type="button"
                        class="danger"
                        onClick={() => {
                          if (!confirm(t('confirmDrop', { name: n }))) return
                          void act(
                            () => requestText('DELETE', `/streams/${seg(n)}`),
                            (r) => {
                              setNote(r)
                              list.reload()
                            },
                          )
                        }}
                      >
                        {t('drop')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
      {described !== undefined && (
        <div class="panel">
          <h2>{described.name}</h2>
          <pre data-testid="stream-description">{described.text}</pre>
        </div>
      )}
      <NewStreamForm
        onCreated={(text) => {
          setNote({ kind: 'ok', text })
          list.reload()
        }}
      />
    </section>
  )
}

function NewStreamForm(props: { onCreated: (message: string) => void }) {
  const [name, setName] = useState('')
  const [fields, setFields] = useState<StreamField[]>([{ name: '', type: 'bigint' }])
  const [type, setType] = useState('mqtt')
  const [datasource, setDatasource] = useState('')
  const [format, setFormat] = useState('json')
  const [confKey, setConfKey] = useState('default')
  const [error, setError] = useState<string | undefined>(undefined)
  const sources = useLoad(() => get<{ name: string }[]>('/metadata/sources'), [])
  const meta = useLoad(
    () => get<{ properties: Record<string, PropertyMeta[]> }>(`/metadata/sources/${seg(type)}`),
    [type],
  )
  const keys = meta.data !== undefined ? Object.keys(meta.data.properties) : ['default']
  const settings = meta.data?.properties[confKey] ?? []

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    setError(undefined)
    try {
      const sql = createStreamSql({ name, fields, type, datasource, format, confKey })
      const text = await requestText('POST', '/streams', { sql })
      setName('')
      setFields([{ name: '', type: 'bigint' }])
      setDatasource('')
      props.onCreated(text)
    } catch (err) {
      setError((err as Error).message)
    }
  }
  const setField = (i: number, f: Partial<StreamField>): void =>
    setFields(fields.map((old, j) => (j === i ? { ...old, ...f } : old)))

  return (
    <form class="panel" onSubmit={(e) => void submit(e)} aria-labelledby="new-stream-title">
      <h2 id="new-stream-title">{t('newStream')}</h2>
      {error !== undefined && <Notice kind="error">{error}</Notice>}
      <Field label={t('streamName')}>
        {(id) => (
          <input
            id={id}
            required
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            data-testid="stream-name"
          />
        )}
      </Field>
      <fieldset>
        <legend>{t('fields')}</legend>
        {fields.length === 0 && <p>{t('schemaless')}</p>}
        {fields.map((f, i) => (
          <div class="row" key={i}>
            <Field label={`${t('fieldName')} ${i + 1}`}>
              {(id) => (
                <input
                  id={id}
                  value={f.name}
                  onInput={(e) => setField(i, { name: e.currentTarget.value })}
                  data-testid={`field-name-${i}`}
                />
              )}
            </Field>
            <Field label={`${t('fieldType')} ${i + 1}`}>
              {(id) => (
                <select
                  id={id}
                  value={f.type}
                  onChange={(e) => setField(i, { type: e.currentTarget.value })}
                  data-testid={`field-type-${i}`}
                >
                  {FIELD_TYPES.map((ft) => (
                    <option key={ft} value={ft}>
                      {ft}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button
              type="button"
              class="icon"
              aria-label={t('removeField', { name: f.name || String(i + 1) })}
              onClick={() => setFields(fields.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() => setFields([...fields, { name: '', type: 'bigint' }])}
          data-testid="add-field"
        >
          {t('addField')}
        </button>
      </fieldset>
      <div class="row">
        <Field label={t('sourceType')}>
          {(id) => (
            <select
              id={id}
              value={type}
              onChange={(e) => {
                setType(e.currentTarget.value)
                setConfKey('default')
              }}
              data-testid="stream-type"
            >
              {(sources.data ?? [{ name: 'mqtt' }]).map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('datasource')}>
          {(id) => (
            <input
              id={id}
              value={datasource}
              onInput={(e) => setDatasource(e.currentTarget.value)}
              data-testid="stream-datasource"
            />
          )}
        </Field>
        <Field label={t('format')}>
          {(id) => (
            <select id={id} value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
              <option value="json">json</option>
              <option value="binary">binary</option>
            </select>
          )}
        </Field>
        <Field label={t('confKey')}>
          {(id) => (
            <select
              id={id}
              value={confKey}
              onChange={(e) => setConfKey(e.currentTarget.value)}
              data-testid="stream-confkey"
            >
              {keys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {settings.length > 0 && (
        <details>
          <summary>{t('sourceSettings', { name: `${type}/${confKey}` })}</summary>
          <table class="grid compact">
            <tbody>
              {settings.map((s) => (
                <tr key={s.name}>
                  <th scope="row">{s.name}</th>
                  <td>{showValue(s.default)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <button type="submit" class="primary" data-testid="create-stream">
        {t('create')}
      </button>
    </form>
  )
}
