// Configuration keys of sources (etc/sources/<type>.yaml and the data folder's overlay): list, edit one key's
// settings with the form its metadata declares, create and delete keys.

import { useEffect, useState } from 'preact/hooks'
import { errorText, get, requestText, seg } from '../api.js'
import { t } from '../i18n.js'
import { PropertyForm } from '../components/property-form.js'
import type { PropertyMeta } from '../components/property-form.js'
import { act, Field, Notice, useLoad } from '../components/ui.js'

export function SourcesPage() {
  const sources = useLoad(() => get<{ name: string }[]>('/metadata/sources'), [])
  const [source, setSource] = useState('')
  const name = source !== '' ? source : (sources.data?.[0]?.name ?? '')
  const meta = useLoad(
    () =>
      name === ''
        ? Promise.resolve({ properties: {} as Record<string, PropertyMeta[]> })
        : get<{ properties: Record<string, PropertyMeta[]> }>(`/metadata/sources/${seg(name)}`),
    [name],
  )
  const [key, setKey] = useState('default')
  const [values, setValues] = useState<Record<string, unknown>>({})
  const [newKey, setNewKey] = useState('')
  const [newConf, setNewConf] = useState('{}')
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined)
  const props = meta.data?.properties[key] ?? []

  useEffect(() => {
    const v: Record<string, unknown> = {}
    for (const p of props) if (p.default !== undefined) v[p.name] = p.default
    setValues(v)
  }, [meta.data, key])

  const done = (r: { kind: 'ok' | 'error'; text: string }): void => {
    setNote(r)
    meta.reload()
  }
  return (
    <section aria-labelledby="sources-title">
      <h1 id="sources-title">{t('sourcesTitle')}</h1>
      <div class="row">
        <Field label={t('source')}>
          {(id) => (
            <select
              id={id}
              value={name}
              onChange={(e) => {
                setSource(e.currentTarget.value)
                setKey('default')
              }}
            >
              {(sources.data ?? []).map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('confKeys')}>
          {(id) => (
            <select id={id} value={key} onChange={(e) => setKey(e.currentTarget.value)} data-testid="conf-key">
              {Object.keys(meta.data?.properties ?? {}).map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {note !== undefined && <Notice kind={note.kind}>{note.text}</Notice>}
      {meta.error !== undefined && <Notice kind="error">{meta.error}</Notice>}
      <form
        class="panel"
        onSubmit={(e) => {
          e.preventDefault()
          void act(() => requestText('POST', `/metadata/sources/${seg(name)}/confKeys/${seg(key)}/field`, values), done)
        }}
      >
        <h2>{t('sourceSettings', { name: `${name}/${key}` })}</h2>
        <PropertyForm properties={props} values={values} onChange={setValues} idPrefix="conf" />
        <div class="buttons">
          <button type="submit" class="primary" disabled={key === 'default'}>
            {t('save')}
          </button>
          <button
            type="button"
            class="danger"
            disabled={key === 'default'}
            onClick={() => {
              if (confirm(t('confirmDrop', { name: key })))
                void act(
                  () => requestText('DELETE', `/metadata/sources/${seg(name)}/confKeys/${seg(key)}`),
                  (r) => {
                    setKey('default')
                    done(r)
                  },
                )
            }}
          >
            {t('remove')}
          </button>
        </div>
      </form>
      <form
        class="panel"
        onSubmit={(e) => {
          e.preventDefault()
          let body: unknown
          try {
            body = JSON.parse(newConf)
          } catch (err) {
            return setNote({ kind: 'error', text: errorText(err) })
          }
          void act(
            () => requestText('POST', `/metadata/sources/${seg(name)}/confKeys/${seg(newKey)}`, body),
            (r) => {
              if (r.kind === 'ok') setKey(newKey)
              done(r)
            },
          )
        }}
      >
        <h2>{t('newConfKey')}</h2>
        <div class="row">
          <Field label={t('confKey')}>
            {(id) => <input id={id} required value={newKey} onInput={(e) => setNewKey(e.currentTarget.value)} />}
          </Field>
          <Field label={t('confJson')}>
            {(id) => <textarea id={id} rows={3} value={newConf} onInput={(e) => setNewConf(e.currentTarget.value)} />}
          </Field>
        </div>
        <button type="submit" class="primary">
          {t('create')}
        </button>
      </form>
    </section>
  )
}
