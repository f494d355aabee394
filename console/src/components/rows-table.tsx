// Result rows as a table: one column per key seen so far, newest rows last, bounded.

export type Row = Readonly<Record<string, unknown>>

/** The rows in a sink's payload: a JSON array of rows, or one row. */
export function rowsOf(payload: string): Row[] {
  const v: unknown = JSON.parse(payload)
  const list = Array.isArray(v) ? v : [v]
  return list.map((r) => (typeof r === 'object' && r !== null ? (r as Row) : { value: r }))
}

function cell(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '')
}

export function RowsTable(props: { rows: readonly Row[]; caption: string; testId: string }) {
  const columns = [...new Set(props.rows.flatMap((r) => Object.keys(r)))]
  return (
    <div class="table-scroll" tabIndex={0} aria-label={props.caption}>
      <table class="grid compact" data-testid={props.testId}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{cell(r[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
