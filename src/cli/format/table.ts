// Plain-text tables with aligned columns (`--output table`): a header row, a dash rule, then the rows.

/** Columns are padded to the widest cell (by code points); the last column is not padded. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (s: string): number => [...s].length
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: readonly string[]): string =>
    headers
      .map((_, i) => {
        const cell = cells[i] ?? ''
        return i === headers.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - width(cell))
      })
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(headers), rule, ...rows.map(line)].join('\n')
}
