// Function calls, resolved once at compile time through the FunctionCatalog. Scalar functions get their evaluated
// arguments; aggregates get, per argument, its values over the group; meta()/mqtt() read source metadata.

import { EvalError, ValidationError, errorMessage } from '../core/errors.js'
import type { Value } from '../core/value.js'
import type { AggregateFunction, FunctionContext, ScalarFunction } from '../functions/define-function.js'
import type { Call, Expr } from '../sql/ast/expr.js'
import type { CompileOptions, Evaluator } from './evaluator.js'
import { compileArrow, compileSubset } from './json-path.js'

type Compile = (e: Expr) => Evaluator

/**
 * Compiles `call`. Errors thrown by a function become `call func <name> error: <message>` (1.0's wording);
 * errors of the argument expressions pass through unchanged.
 * Scalar functions receive an argument array that is reused from row to row: `exec` must not keep it.
 */
export function compileCall(call: Call, opts: CompileOptions, compile: Compile): Evaluator {
  const def = opts.functions.lookup(call.name)
  if (def === undefined) throw new ValidationError(`function ${call.name} not found`)
  switch (def.kind) {
    case 'scalar':
      return compileScalar(call, def, compile)
    case 'aggregate':
      return compileAggregate(call, def, compile)
    case 'meta':
      return call.args[0] === undefined ? () => null : compileMetaArg(call.args[0], compile)
  }
}

function callError(name: string, err: unknown): EvalError {
  return new EvalError(`call func ${name} error: ${errorMessage(err)}`, { cause: err })
}

function compileScalar(call: Call, def: ScalarFunction, compile: Compile): Evaluator {
  const name = call.name
  const exec = def.exec
  const args = call.args.map(compile)
  const run = (buf: readonly Value[], fn: FunctionContext): Value => {
    try {
      return exec(buf, fn)
    } catch (err) {
      throw callError(name, err)
    }
  }
  const [a0, a1] = args
  if (args.length === 0) {
    const none: readonly Value[] = []
    return (_row, ctx) => run(none, ctx.fn)
  }
  if (args.length === 1 && a0 !== undefined) {
    const buf: Value[] = [undefined]
    return (row, ctx) => {
      buf[0] = a0(row, ctx)
      return run(buf, ctx.fn)
    }
  }
  if (args.length === 2 && a0 !== undefined && a1 !== undefined) {
    const buf: Value[] = [undefined, undefined]
    return (row, ctx) => {
      buf[0] = a0(row, ctx)
      buf[1] = a1(row, ctx)
      return run(buf, ctx.fn)
    }
  }
  const buf: Value[] = new Array<Value>(args.length).fill(undefined)
  return (row, ctx) => {
    for (let i = 0; i < args.length; i++) buf[i] = args[i]!(row, ctx)
    return run(buf, ctx.fn)
  }
}

/** Each argument is evaluated on every row of `ctx.group` (on the row alone outside aggregation). */
function compileAggregate(call: Call, def: AggregateFunction, compile: Compile): Evaluator {
  const name = call.name
  const exec = def.exec
  const args = call.args.map(compile)
  return (row, ctx) => {
    const rows = ctx.group ?? [row]
    const values: Value[][] = new Array<Value[]>(args.length)
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!
      const column = new Array<Value>(rows.length)
      for (let j = 0; j < rows.length; j++) column[j] = arg(rows[j]!, ctx)
      values[i] = column
    }
    try {
      return exec(values, ctx.fn)
    } catch (err) {
      throw callError(name, err)
    }
  }
}

/**
 * The argument of meta()/mqtt(): `key`, `stream.key`, `*` (all metadata) and JSON paths into metadata
 * (`meta(temperature->device)`); names are read from the row's metadata, not its columns.
 */
function compileMetaArg(arg: Expr, compile: Compile): Evaluator {
  switch (arg.kind) {
    case 'MetaRef':
    case 'FieldRef': {
      const { name, stream } = arg
      if (name === '*') return (row) => row.allMeta(stream)
      return stream === undefined ? (row) => row.meta(name) : (row) => row.meta(name, stream)
    }
    case 'BinaryExpr':
      if (arg.op === '->' && (arg.right.kind === 'MetaRef' || arg.right.kind === 'FieldRef')) {
        return compileArrow(compileMetaArg(arg.left, compile), arg.right.name, compileMetaArg(arg.right, compile))
      }
      if (arg.op === '[]' && (arg.right.kind === 'IndexExpr' || arg.right.kind === 'ColonExpr')) {
        return compileSubset(compileMetaArg(arg.left, compile), arg.right, compile)
      }
      return compile(arg)
    default:
      return compile(arg)
  }
}
