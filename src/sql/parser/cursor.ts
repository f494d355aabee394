// The parser's state: the token list with a read position, the function catalog used for validation, and the
// helpers every grammar file uses to accept tokens and to fail with 1.0's `found "X", expected Y.` messages.

import { ParseError, ValidationError, errorMessage } from '../../core/errors.js'
import type { FunctionCatalog } from '../../functions/define-function.js'
import type { Call } from '../ast/expr.js'
import { goQuote } from '../ast/to-sql.js'
import { tokenize } from '../lexer/lexer.js'
import type { Token, TokenType } from '../lexer/tokens.js'

export interface ParseOptions {
  /** When given, calls are validated as 1.0 does while parsing (unknown function, arguments, aggregates). */
  readonly functions?: FunctionCatalog
}

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
  return new ValidationError(at === undefined ? detail : `${detail} at line ${at.line}, column ${at.column}`)
}
