// The SQL editor: CodeMirror 6 with Kuiper's SQL (its keywords, window functions and the built-in functions from
// /metadata/functions highlighted), and the server's validation (POST /rules/validate) shown as you type: the error
// is underlined at its line and column and written under the editor. A server without /rules/validate (404) only
// loses the checks; the editor says so once.

import { Compartment, EditorState } from '@codemirror/state'
import { EditorView, keymap, lineNumbers, placeholder } from '@codemirror/view'
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands'
import { sql, SQLDialect } from '@codemirror/lang-sql'
import { syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language'
import { linter, lintGutter } from '@codemirror/lint'
import type { Diagnostic } from '@codemirror/lint'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, errorText, requestJson } from '../api.js'
import { t } from '../i18n.js'
import { Notice } from './ui.js'

const KEYWORDS =
  'select from where group by order having as and or not in between like is null true false case when then else end ' +
  'inner left right full cross join on asc desc distinct create stream table drop show streams tables describe ' +
  'explain with filter over partition limit'
const WINDOWS = 'tumblingwindow hoppingwindow slidingwindow sessionwindow countwindow dd hh mi ss ms'
const TYPES = 'bigint float string datetime boolean array struct bytea'

/** Kuiper's SQL for CodeMirror: `functions` are the server's built-in function names. */
export function kuiperSql(functions: readonly string[]) {
  return sql({
    dialect: SQLDialect.define({
      keywords: `${KEYWORDS} ${WINDOWS}`,
      types: TYPES,
      builtin: functions.map((f) => f.toLowerCase()).join(' '),
      identifierQuotes: '`',
      caseInsensitiveIdentifiers: true,
    }),
    upperCaseKeywords: true,
  })
}

export interface ValidationResult {
  readonly valid: boolean
  readonly error?: string
  readonly line?: number
  readonly column?: number
}

/** The document offset of a 1-based line and column (clamped into the text). */
export function offsetOf(state: EditorState, line: number, column: number): number {
  const l = state.doc.line(Math.min(Math.max(line, 1), state.doc.lines))
  return Math.min(l.from + Math.max(column - 1, 0), l.to)
}

/**
 * The editor owns its text once made: `value` is the text it starts with (a rule loaded for editing: mount it once
 * the rule is in). Feeding the text back on each render would fight the typing, whose echoes come a render late.
 */
export function SqlEditor(props: {
  id: string
  label: string
  value: string
  onChange: (sql: string) => void
  functions: readonly string[]
  /** The rule JSON to validate with the SQL (POST /rules/validate); undefined: no validation. */
  ruleFor?: (sql: string) => Record<string, unknown>
  describedBy?: string
}) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | undefined>(undefined)
  const [check, setCheck] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | undefined>(undefined)
  const latest = useRef(props)
  latest.current = props
  const dialect = useRef(new Compartment())

  useEffect(() => {
    const validate = linter(
      async (v): Promise<Diagnostic[]> => {
        const ruleFor = latest.current.ruleFor
        const text = v.state.doc.toString()
        if (ruleFor === undefined || text.trim() === '') {
          setCheck(undefined)
          return []
        }
        try {
          const r = await requestJson<ValidationResult>('POST', '/rules/validate', ruleFor(text))
          setCheck(r.valid ? { kind: 'ok', text: t('sqlValid') } : { kind: 'error', text: r.error ?? '' })
          return []
        } catch (err) {
          if (err instanceof ApiError && err.status === 404 && isMissingEndpoint(err.body)) {
            setCheck({ kind: 'info', text: t('validationUnavailable') })
            return []
          }
          const body = (err instanceof ApiError ? err.body : undefined) as ValidationResult | undefined
          const message = body?.error ?? errorText(err)
          setCheck({ kind: 'error', text: t('sqlInvalid', { message }) })
          if (body?.line === undefined) return []
          let from = offsetOf(v.state, body.line, body.column ?? 1)
          const to = Math.min(Math.max(from + 1, v.state.doc.lineAt(from).to), v.state.doc.length)
          // An error at the end of the text ("found EOF") underlines the last character rather than nothing.
          if (to <= from) from = Math.max(0, to - 1)
          return [{ from, to, severity: 'error', message }]
        }
      },
      { delay: 500 },
    )
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          lineNumbers(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          syntaxHighlighting(defaultHighlightStyle),
          dialect.current.of(kuiperSql(props.functions)),
          placeholder('SELECT * FROM demo WHERE temperature > 30'),
          validate,
          lintGutter(),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({
            id: props.id,
            'aria-label': props.label,
            ...(props.describedBy !== undefined ? { 'aria-describedby': props.describedBy } : {}),
          }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) latest.current.onChange(u.state.doc.toString())
          }),
        ],
      }),
    })
    view.current = v
    return () => v.destroy()
  }, [])

  // The function names arrive after the editor is made (GET /metadata/functions): only the dialect changes.
  useEffect(() => {
    view.current?.dispatch({ effects: dialect.current.reconfigure(kuiperSql(props.functions)) })
  }, [props.functions])

  return (
    <div class="sql-editor">
      <div ref={host} class="sql-editor-host" data-testid="sql-editor" />
      <div aria-live="polite" data-testid="sql-check">
        {check !== undefined && <Notice kind={check.kind}>{check.text}</Notice>}
      </div>
    </div>
  )
}

/** A 404 of the router (no such endpoint), not a 404 about something the body names. */
function isMissingEndpoint(body: unknown): boolean {
  const m = (body as { message?: unknown } | undefined)?.message
  return typeof m === 'string' && m.startsWith('no endpoint')
}
