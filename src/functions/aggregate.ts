// Aggregate functions (1.0's funcs_aggregate.go): each argument arrives as its values over the group's rows.
// nil values are skipped; ints aggregate as int64 (avg divides as integers), floats as float64, and a value of
// another type than the first non-nil one is an error (`requires int but found string(ddd)`).

import { isNil, type Value } from '../core/value.js'
import { defineAggregate, type AggregateFunction, type Documented, type FunctionExample } from './define-function.js'
import { sig } from './doc.js'
import { checkLen, describeGo, fail, goV, validateArgs, wrap64 } from './args.js'
import { ValidationError } from '../core/errors.js'

type Kind = 'int' | 'float' | 'string'

function firstValid(values: readonly Value[]): Value {
  for (const v of values) if (!isNil(v)) return v
  return null
}

const kindOfValue = (v: Value): Kind | undefined =>
  typeof v === 'bigint' ? 'int' : typeof v === 'number' ? 'float' : typeof v === 'string' ? 'string' : undefined

const GO_KIND: Record<Kind, string> = { int: 'int', float: 'float64', string: 'string' }

/** The non-nil values, all of `kind`, else 1.0's `requires <kind> but found <value>` error. */
function valuesOf<T>(values: readonly Value[], kind: Kind): T[] {
  const out: T[] = []
  for (const v of values) {
    if (isNil(v)) continue
    if (kindOfValue(v) !== kind) fail(`requires ${GO_KIND[kind]} but found ${describeGo(v)}`)
    out.push(v as T)
  }
  return out
}

function column(args: readonly (readonly Value[])[], i = 0): readonly Value[] {
  return args[i] ?? []
}

function sum(values: readonly Value[]): Value {
  if (values.length === 0) return 0n
  const v = firstValid(values)
  switch (kindOfValue(v)) {
    case 'int':
      return valuesOf<bigint>(values, 'int').reduce((a, b) => wrap64(a + b), 0n)
    case 'float':
      return valuesOf<number>(values, 'float').reduce((a, b) => a + b, 0)
    default:
      if (isNil(v)) return null
      return fail(`run sum function error: found invalid arg ${describeGo(v)}`)
  }
}

function avg(values: readonly Value[]): Value {
  const count = values.filter((v) => !isNil(v)).length
  if (count === 0) return 0n
  const v = firstValid(values)
  switch (kindOfValue(v)) {
    case 'int':
      return valuesOf<bigint>(values, 'int').reduce((a, b) => wrap64(a + b), 0n) / BigInt(count)
    case 'float':
      return valuesOf<number>(values, 'float').reduce((a, b) => a + b, 0) / count
    default:
      return fail(`run avg function error: found invalid arg ${describeGo(v)}`)
  }
}

function extreme(name: 'max' | 'min', values: readonly Value[]): Value {
  if (values.length === 0) return fail(`run ${name} function error: empty data`)
  const v = firstValid(values)
  const kind = kindOfValue(v)
  if (kind === undefined) {
    if (isNil(v)) return null
    return fail(`run ${name} function error: found invalid arg ${describeGo(v)}`)
  }
  const better =
    name === 'max'
      ? (a: Value, b: Value) => (a as number) > (b as number)
      : (a: Value, b: Value) => (a as number) < (b as number)
  let best = v
  for (const x of valuesOf<Value>(values, kind)) if (better(x, best)) best = x
  return best
}

/** 1.0's dedup: `all` → the first row of each distinct value; else the last row if its value is new, else nil. */
function deduplicate(args: readonly (readonly Value[])[]): Value {
  const [rows, col, flags] = args
  const all = flags === undefined ? undefined : firstValid(flags)
  if (rows === undefined || col === undefined || typeof all !== 'boolean') return fail('Invalid argument type found.')
  const seen = new Set<string>()
  const result: Value[] = []
  col.forEach((value, i) => {
    const key = goV(value)
    if (seen.has(key)) return
    if (all || i === col.length - 1) result.push(rows[i])
    seen.add(key)
  })
  if (all) return result
  return result[0] ?? null
}

/** Three readings, one without temp: the group every example but deduplicate's aggregates. */
function overTemps(sql: string, result: string): FunctionExample {
  return { sql, rows: [{ temp: 20 }, { temp: 22 }, { humidity: 80 }], result }
}

export const aggregateFunctions: readonly Documented<AggregateFunction>[] = [
  defineAggregate({
    name: 'avg',
    arity: [1, 1],
    doc: {
      signature: sig('number', ['x', 'number']),
      description: {
        en:
          'The average of the non-null values of the group; ints give an int (integer division), floats a float; ' +
          '0 when there are none.',
        zh: '分组中非 null 值的平均值；整数得到整数（整除），浮点数得到浮点数；没有值时为 0。',
      },
      example: overTemps('avg(temp)', '21'),
    },
    validate: validateArgs('avg', ['number']),
    exec: (args) => avg(column(args)),
  }),
  defineAggregate({
    name: 'collect',
    arity: [1, 1],
    doc: {
      signature: sig('array', ['x', 'any']),
      description: {
        en: 'The array of the values of the group, nulls included, in arrival order; collect(*) gives the whole rows.',
        zh: '分组中各值组成的数组（包括 null），按到达顺序；collect(*) 返回整行。',
      },
      example: overTemps('collect(temp)', '[20, 22, null]'),
    },
    validate: (args) => checkLen('collect', 1, args),
    exec: (args) => [...column(args)],
  }),
  defineAggregate({
    name: 'count',
    arity: [1, 1],
    doc: {
      signature: sig('int', ['x', 'any']),
      description: {
        en: 'The number of non-null values in the group; count(*) counts the rows.',
        zh: '分组中非 null 值的个数；count(*) 计算行数。',
      },
      example: overTemps('count(temp)', '2'),
    },
    validate: (args) => checkLen('count', 1, args),
    exec: (args) => BigInt(column(args).filter((v) => !isNil(v)).length),
  }),
  defineAggregate({
    name: 'deduplicate',
    arity: [2, 2],
    doc: {
      signature: sig('any', ['x', 'any'], ['all', 'boolean']),
      description: {
        en:
          'With all = true, the array of the rows of the group whose x was not seen before in it; with false, ' +
          'the latest row if its x is new in the group, else null.',
        zh:
          'all 为 true 时，返回分组中 x 首次出现的各行组成的数组；为 false 时，若最新一行的 x 在分组中是新的，' +
          '返回该行，否则为 null。',
      },
      example: {
        sql: 'deduplicate(temp, true)',
        rows: [{ temp: 20 }, { temp: 22 }, { temp: 20 }],
        result: '[{"temp": 20}, {"temp": 22}]',
      },
    },
    validate: (args) => {
      checkLen('deduplicate', 2, args)
      if (args[1]?.kind !== 'BooleanLiteral') {
        throw new ValidationError('Expect bool type for 2 parameter of function deduplicate.')
      }
    },
    // The parser adds the rows of the group as a first argument, as 1.0 does: deduplicate(*, col, bool).
    exec: (args) => deduplicate(args),
  }),
  defineAggregate({
    name: 'max',
    arity: [1, 1],
    doc: {
      signature: sig('any', ['x', 'any']),
      description: {
        en: 'The largest non-null value of the group (numbers or strings, all of one type); null when all are null.',
        zh: '分组中最大的非 null 值（数值或字符串，须为同一类型）；全部为 null 时为 null。',
      },
      example: overTemps('max(temp)', '22'),
    },
    validate: validateArgs('max', ['number']),
    exec: (args) => extreme('max', column(args)),
  }),
  defineAggregate({
    name: 'min',
    arity: [1, 1],
    doc: {
      signature: sig('any', ['x', 'any']),
      description: {
        en: 'The smallest non-null value of the group (numbers or strings, all of one type); null when all are null.',
        zh: '分组中最小的非 null 值（数值或字符串，须为同一类型）；全部为 null 时为 null。',
      },
      example: overTemps('min(temp)', '20'),
    },
    validate: validateArgs('min', ['number']),
    exec: (args) => extreme('min', column(args)),
  }),
  defineAggregate({
    name: 'sum',
    arity: [1, 1],
    doc: {
      signature: sig('number', ['x', 'number']),
      description: {
        en: 'The sum of the non-null values of the group; ints give an int, floats a float; null when all are null.',
        zh: '分组中非 null 值的和；整数得到整数，浮点数得到浮点数；全部为 null 时为 null。',
      },
      example: overTemps('sum(temp)', '42'),
    },
    validate: validateArgs('sum', ['number']),
    exec: (args) => sum(column(args)),
  }),
]
