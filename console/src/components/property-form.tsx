// A form generated from the properties a connector declares in /metadata (name, type, control, default, hint,
// label, values): a sink's properties, a source's settings. Values are kept typed (numbers, booleans, lists).

import { pick } from '../i18n.js'
import { Field } from './ui.js'

export interface PropertyMeta {
  readonly name: string
  readonly default: unknown
  readonly optional: boolean
  readonly control: 'text' | 'text-area' | 'list' | 'radio'
  readonly type: string
  readonly hint?: { en?: string; zh?: string }
  readonly label?: { en?: string; zh?: string }
  readonly values?: readonly unknown[]
}

/** The value a text input holds, read back as the property's type (a list: comma-separated or JSON). */
export function parseValue(type: string, text: string): unknown {
  switch (type) {
    case 'int':
    case 'float':
      return text.trim() === '' ? undefined : Number(text)
    case 'bool':
      return text === 'true'
    case 'list_object':
      return text.trim() === '' ? [] : (JSON.parse(text) as unknown)
    case 'list_string':
    case 'list_int':
    case 'list_float': {
      if (text.trim().startsWith('[')) return JSON.parse(text) as unknown
      const items = text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
      return type === 'list_string' ? items : items.map(Number)
    }
    default:
      return text
  }
}

export function showValue(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (Array.isArray(v)) return v.every((e) => typeof e !== 'object') ? v.join(',') : JSON.stringify(v)
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

/** The properties' defaults, the starting values of a new form. */
export function defaultsOf(props: readonly PropertyMeta[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const p of props) if (p.default !== undefined && p.default !== null && p.default !== '') out[p.name] = p.default
  return out
}

export function PropertyForm(props: {
  properties: readonly PropertyMeta[]
  values: Readonly<Record<string, unknown>>
  onChange: (values: Record<string, unknown>) => void
  /** Prefix of the test ids of the controls. */
  idPrefix: string
}) {
  const set = (name: string, v: unknown): void => {
    const next = { ...props.values }
    if (v === undefined || v === '') delete next[name]
    else next[name] = v
    props.onChange(next)
  }
  return (
    <div class="property-form">
      {props.properties.map((p) => {
        const label = `${pick(p.label) || p.name}${p.optional ? '' : ' *'}`
        const value = props.values[p.name]
        return (
          <Field key={p.name} label={label} hint={pick(p.hint)}>
            {(id, hintId) => {
              const common = {
                id,
                name: p.name,
                'aria-describedby': hintId,
                'data-testid': `${props.idPrefix}-${p.name}`,
              }
              if (p.type === 'bool') {
                return (
                  <input
                    {...common}
                    type="checkbox"
                    checked={value === true}
                    onChange={(e) => set(p.name, (e.currentTarget as HTMLInputElement).checked)}
                  />
                )
              }
              if ((p.control === 'list' || p.control === 'radio') && p.values !== undefined && p.values.length > 0) {
                return (
                  <select
                    {...common}
                    value={showValue(value)}
                    onChange={(e) => set(p.name, parseValue(p.type, (e.currentTarget as HTMLSelectElement).value))}
                  >
                    {p.optional && <option value="" />}
                    {p.values.map((v) => (
                      <option key={String(v)} value={showValue(v)}>
                        {showValue(v)}
                      </option>
                    ))}
                  </select>
                )
              }
              if (p.control === 'text-area' || p.type === 'list_object') {
                return (
                  <textarea
                    {...common}
                    rows={3}
                    value={showValue(value)}
                    onChange={(e) => {
                      try {
                        set(p.name, parseValue(p.type, (e.currentTarget as HTMLTextAreaElement).value))
                      } catch {
                        set(p.name, (e.currentTarget as HTMLTextAreaElement).value)
                      }
                    }}
                  />
                )
              }
              const onChange = (e: Event): void =>
                set(p.name, parseValue(p.type, (e.currentTarget as HTMLInputElement).value))
              if (p.type === 'int' || p.type === 'float') {
                return (
                  <input
                    {...common}
                    type="number"
                    step={p.type === 'float' ? 'any' : '1'}
                    required={!p.optional}
                    value={showValue(value)}
                    onChange={onChange}
                  />
                )
              }
              return (
                <input {...common} type="text" required={!p.optional} value={showValue(value)} onChange={onChange} />
              )
            }}
          </Field>
        )
      })}
    </div>
  )
}
