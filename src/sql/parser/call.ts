// Function calls: argument lists (`f()`, `f(a, b)`, `count(*)`), metadata keys inside meta()/mqtt(), validation
// through the catalog, and the GROUP BY windows with their `FILTER (WHERE ...)` clause, with 1.0's error texts.

import type { Call, Expr, TimeUnit, Window } from '../ast/expr.js'
import { toSql } from '../ast/to-sql.js'
import { windowSpecByName, type WindowSpec } from '../ast/window-types.js'
import { goQuote } from '../../core/go-strconv.js'
import type { Token } from '../lexer/tokens.js'
import { takesRowsArgument, validateCall } from './semantic.js'
import type { Cursor } from './cursor.js'
import { parseExpr } from './expression.js'

/** At `name (`. */
export function parseCall(p: Cursor): Expr {
  const nameTok = p.next()
  p.next() // (
  const name = nameTok.text
  const lower = name.toLowerCase()
  const savedMeta = p.inMeta
  const isMeta = lower === 'meta' || lower === 'mqtt'
  p.inMeta = isMeta
  const args = p.nested(nameTok, () => parseArgs(p, name, isMeta))
  p.inMeta = savedMeta

  const spec = windowSpecByName(name)
  if (spec !== undefined) return p.nested(nameTok, () => parseWindow(p, spec, args, nameTok))

  const functions = p.functions
  if (functions !== undefined) p.validate(nameTok, () => validateCall(name, args, functions))
  // 1.0 hands deduplicate the rows of the group as an extra first argument.
  const callArgs: readonly Expr[] = takesRowsArgument(name) ? [{ kind: 'Wildcard' }, ...args] : args
  const call = p.node<Call>({ kind: 'Call', name, args: callArgs }, args, nameTok)
  p.recordCall(call, nameTok)
  return call
}

/** After `name (`: the arguments, consuming the `)`. */
function parseArgs(p: Cursor, name: string, isMeta: boolean): Expr[] {
  const args: Expr[] = []
  for (;;) {
    if (p.accept(')')) return args
    if (p.peek().type === '*') {
      p.next()
      if (!p.accept(')')) p.failFound('expected right paren.')
      args.push(isMeta ? { kind: 'MetaRef', name: '*' } : { kind: 'Wildcard' })
      return args
    }
    args.push(parseExpr(p))
    if (p.accept(',')) continue
    if (!p.accept(')')) p.fail(`found function call ${goQuote(name)}, expected ), but with ${goQuote(p.peek().text)}.`)
    return args
  }
}

function integerArg(e: Expr | undefined): number | undefined {
  return e?.kind === 'IntegerLiteral' ? Number(e.value) : undefined
}

function checkTimedWindow(p: Cursor, spec: WindowSpec, args: readonly Expr[], at: Token): TimeUnit {
  const expected = spec.arity[0]!
  if (args.length !== expected) p.fail(`The arguments for ${spec.sqlName} should be ${expected}.`, at)
  const unit = args[0]
  if (unit?.kind !== 'TimeLiteral') {
    p.fail(
      `The 1st argument for ${spec.sqlName} is expecting timer literal expression. One value of [dd|hh|mi|ss|ms].`,
      at,
    )
  }
  for (let i = 1; i < args.length; i++) {
    if (args[i]?.kind !== 'IntegerLiteral') {
      p.fail(`The ${i} argument for ${spec.sqlName} is expecting interger literal expression.`, at)
    }
  }
  return unit.unit
}

function checkCountWindow(p: Cursor, args: readonly Expr[], at: Token): [number, number] {
  if (args.length === 1) {
    const n = integerArg(args[0])
    if (n === undefined || n <= 0) p.fail(`Invalid parameter value ${toSql(args[0]!)}.`, at)
    return [n, 0]
  }
  if (args.length === 2) {
    const n = integerArg(args[0])
    const m = integerArg(args[1])
    if (n === undefined || m === undefined) {
      p.fail(`Invalid parameter value ${toSql(args[0]!)}, ${toSql(args[1]!)}.`, at)
    }
    if (n < m) p.fail(`The second parameter value ${m} should be less than the first parameter ${n}.`, at)
    return [n, m]
  }
  return p.fail('Invalid parameter count.', at)
}

/** A window call, then its optional `FILTER (WHERE expr)`. */
function parseWindow(p: Cursor, spec: WindowSpec, args: readonly Expr[], at: Token): Window {
  let window: Window
  if (spec.timed) {
    const unit = checkTimedWindow(p, spec, args, at)
    window = {
      kind: 'Window',
      windowType: spec.type,
      unit,
      length: integerArg(args[1])!,
      interval: integerArg(args[2]) ?? 0,
    }
  } else {
    const [length, interval] = checkCountWindow(p, args, at)
    window = { kind: 'Window', windowType: spec.type, length, interval }
  }
  if (!p.accept('FILTER')) return window
  const paren = p.peek()
  if (!p.accept('(')) p.fail(`Found ${goQuote(paren.text)} after FILTER, expect parentheses.`)
  const where = p.peek()
  if (!p.accept('WHERE')) p.fail(`Found ${goQuote(where.text)} after FILTER(, expect WHERE.`)
  const filter = parseExpr(p)
  const close = p.peek()
  if (!p.accept(')')) p.fail(`Found ${goQuote(close.text)} after FILTER, expect right parentheses.`)
  return p.node({ ...window, filter }, [filter], at)
}
