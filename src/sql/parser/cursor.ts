// The parser's state: the token list with a read position, the function catalog used for validation, and the
// helpers every grammar file uses to accept tokens and to fail with 1.0's `found "X", expected Y.` messages.

import { ParseError, ValidationError, errorMessage } from '../../core/errors.js'
import type { FunctionCatalog } from '../../functions/define-function.js'
import type { Call, Expr } from '../ast/expr.js'
import { goQuote } from '../../core/go-strconv.js'
import { tokenize } from '../lexer/lexer.js'
import type { Token, TokenType } from '../lexer/tokens.js'

export interface ParseOptions {
  /** When given, calls are validated as 1.0 does while parsing (unknown function, arguments, aggregates). */
  readonly functions?: FunctionCatalog
}

/**
 * The deepest nesting of parentheses, calls, CASE, brackets, unary operators and STRUCT/ARRAY types. The parser and
 * every pass after it (validation, planning, compiling, printing) recurse once per level, so nesting is refused here,
 * before anything recursive runs, far above any real rule and far below what a Node stack takes.
 */
export const MAX_NESTING = 200

/**
 * The deepest expression tree, in operators (calls, CASE and subscripts count as operators). A chain `a OR b OR c ...` is parsed by a loop but is a tree one level deeper per
 * operator, which the later passes recurse through: long chains (1.0 has no IN) are fine up to this depth.
 */
export const MAX_EXPR_DEPTH = 500

export interface Position {
  readonly line: number
  readonly column: number
}

export class Cursor {
  private readonly tokens: Token[]
  private pos = 0
  /** Inside the arguments of `meta(...)` / `mqtt(...)`: names are metadata keys (MetaRef). */
  inMeta = false
  readonly functions: FunctionCatalog | undefined
  /** Where each Call was written, for the clause checks that run after parsing. */
  private readonly callPositions = new WeakMap<Call, Position>()
  /** Levels of nesting open at the read position. */
  private nesting = 0
  /** How many operators deep each expression node built with children is (a leaf is 0). */
  private readonly depths = new WeakMap<Expr, number>()

  constructor(sql: string, options: ParseOptions | undefined) {
    this.tokens = tokenize(sql)
    this.functions = options?.functions
  }

  /** The token `k` places ahead, without consuming; the `eof` token past the end. */
  peek(k = 0): Token {
    const t = this.tokens[this.pos + k]
    return t ?? this.tokens[this.tokens.length - 1]!
  }

  next(): Token {
    const t = this.peek()
    if (this.pos < this.tokens.length - 1) this.pos++
    return t
  }

  /** Consumes the next token when it has `type`. */
  accept(type: TokenType): Token | undefined {
    const t = this.peek()
    if (t.type !== type) return undefined
    this.pos++
    return t
  }

  /** An unquoted identifier spelled `word` (case-insensitive), such as the CASE words. */
  isWord(word: string, k = 0): boolean {
    const t = this.peek(k)
    return t.type === 'ident' && !t.quoted && t.text.toUpperCase() === word
  }

  /** Throws a ParseError at `tok` (the next token by default). */
  fail(detail: string, tok: Token = this.peek()): never {
    throw new ParseError(detail, tok.line, tok.column)
  }

  /** `found "X", expected Y.` with X the text of `tok`, as 1.0 words most syntax errors. */
  failFound(expected: string, tok: Token = this.peek()): never {
    this.fail(`found ${goQuote(tok.text)}, ${expected}`, tok)
  }

  /** Runs a semantic check, re-throwing its error as a ValidationError located at `at`. */
  validate(at: Position, check: () => void): void {
    try {
      check()
    } catch (err) {
      throw validationErrorAt(errorMessage(err), at)
    }
  }

  /**
   * Parses one level of nesting opened at `at` (a parenthesis, a call's arguments, CASE, a bracket, a unary operand,
   * a STRUCT or ARRAY type); fails past MAX_NESTING levels, naming `what` is nested.
   */
  nested<T>(at: Token, parse: () => T, what = 'expression'): T {
    if (this.nesting >= MAX_NESTING) this.fail(`${what} nesting is deeper than ${MAX_NESTING} levels`, at)
    this.nesting++
    try {
      return parse()
    } finally {
      this.nesting--
    }
  }

  /** Returns `node`, built from `children` at `at`, after checking that it is at most MAX_EXPR_DEPTH operators deep. */
  node<T extends Expr>(node: T, children: readonly (Expr | undefined)[], at: Token): T {
    let deepest = 0
    for (const c of children) {
      if (c !== undefined) deepest = Math.max(deepest, this.depths.get(c) ?? 0)
    }
    if (deepest >= MAX_EXPR_DEPTH) this.fail(`expression is more than ${MAX_EXPR_DEPTH} operators deep`, at)
    this.depths.set(node, deepest + 1)
    return node
  }

  recordCall(call: Call, at: Position): void {
    this.callPositions.set(call, at)
  }

  positionOf(call: Call): Position | undefined {
    return this.callPositions.get(call)
  }
}

/** A ValidationError whose message ends with the position, like ParseError's. */
export function validationErrorAt(message: string, at: Position | undefined): ValidationError {
  const detail = message.trimEnd()
  if (at === undefined) return new ValidationError(detail)
  return new ValidationError(`${detail} at line ${at.line}, column ${at.column}`, at.line, at.column)
}
