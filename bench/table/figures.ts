// One row of the table: a measured figure, the target for it, and how far from the target it is.

/** A target: the measured value must be at most (`<=`) or at least (`>=`) `value`. */
export interface Target {
  readonly op: '<=' | '>='
  readonly value: number
  /** How the table shows it, e.g. `≤ 20 KB/rule`. */
  readonly text: string
}

export interface Figure {
  /** Stable key within its workload (the JSON's and the smoke check's). */
  readonly id: string
  readonly label: string
  /** The measured number in `unit`; null when the run did not get that far. */
  readonly value: number | null
  readonly unit: string
  /** The measured cell, e.g. `51.2 KB/rule (111 → 161 MB)`. */
  readonly text: string
  readonly target?: Target
  /** value / target.value: below 1 meets a `<=` target, 1 or more meets a `>=` one. */
  readonly ratio?: number
  readonly ok?: boolean
}

export const atMost = (value: number, text: string): Target => ({ op: '<=', value, text: `≤ ${text}` })
export const atLeast = (value: number, text: string): Target => ({ op: '>=', value, text: `≥ ${text}` })

/** A figure with its ratio to the target and whether it meets it (both absent when not measured). */
export function figure(
  id: string,
  label: string,
  value: number | null | undefined,
  unit: string,
  text: string | ((v: number) => string),
  target?: Target,
): Figure {
  const measured = typeof value === 'number' && Number.isFinite(value) ? value : null
  const shown = measured === null ? 'not measured' : typeof text === 'string' ? text : text(measured)
  const base = { id, label, value: measured, unit, text: shown, ...(target === undefined ? {} : { target }) }
  if (measured === null || target === undefined) return base
  const ratio = target.value === 0 ? Number.POSITIVE_INFINITY : measured / target.value
  const ok = target.op === '<=' ? measured <= target.value : measured >= target.value
  return { ...base, ratio, ok }
}

/** Numbers as the table prints them: thousands separated, `digits` decimals. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

/** The same figure shown without a target (the issue sets none for it in that workload). */
export function informative(f: Figure): Figure {
  const { target: _target, ratio: _ratio, ok: _ok, ...rest } = f
  return rest
}
