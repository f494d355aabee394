// CASE expressions (eKuiper 1.2's evalCase): the simple form compares the value with each WHEN by `=`, the searched
// form takes the first WHEN that is true; with no match and no ELSE the result is nil.

import { EvalError, errorMessage } from '../core/errors.js'
import type { CaseExpr, Expr } from '../sql/ast/expr.js'
import { simpleDataEval } from './binary-op.js'
import type { Evaluator } from './evaluator.js'

function caseError(err: unknown): EvalError {
  return new EvalError(`evaluate case expression error: ${errorMessage(err)}`, { cause: err })
}

export function compileCase(expr: CaseExpr, compile: (e: Expr) => Evaluator): Evaluator {
  const whens = expr.whens.map((w) => ({ when: compile(w.when), then: compile(w.then) }))
  const otherwise = expr.else === undefined ? undefined : compile(expr.else)
  if (expr.value !== undefined) {
    const value = compile(expr.value)
    return (row, ctx) => {
      const v = value(row, ctx)
      for (const w of whens) {
        const wv = w.when(row, ctx)
        let hit
        try {
          hit = simpleDataEval(v, wv, '=')
        } catch (err) {
          throw caseError(err)
        }
        if (hit === true) return w.then(row, ctx)
      }
      return otherwise === undefined ? null : otherwise(row, ctx)
    }
  }
  return (row, ctx) => {
    for (const w of whens) {
      let hit
      try {
        hit = w.when(row, ctx)
      } catch (err) {
        throw caseError(err)
      }
      if (hit === true) return w.then(row, ctx)
    }
    return otherwise === undefined ? null : otherwise(row, ctx)
  }
}
