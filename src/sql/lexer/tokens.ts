// Token kinds of Kuiper 1.0's SQL (xsql/lexical.go): literals are lower-case kinds, reserved keywords are
// their upper-case spelling, operators and punctuation are their own text.

/** The reserved words of 1.0: keywords are case-insensitive and can only be used as names when back-quoted. */
export const KEYWORDS = [
  'SELECT',
  'AS',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'GROUP',
  'HAVING',
  'ORDER',
  'BY',
  'DESC',
  'ASC',
  'FILTER',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'CROSS',
  'JOIN',
  'ON',
  'CREATE',
  'DROP',
  'EXPLAIN',
  'DESCRIBE',
  'SHOW',
  'STREAM',
  'STREAMS',
  'WITH',
  'BIGINT',
  'FLOAT',
  'DATETIME',
  'STRING',
  'BOOLEAN',
  'ARRAY',
  'STRUCT',
  'DATASOURCE',
  'KEY',
  'FORMAT',
  'CONF_KEY',
  'TYPE',
  'TRUE',
  'FALSE',
  'STRICT_VALIDATION',
  'TIMESTAMP',
  'TIMESTAMP_FORMAT',
  'DD',
  'HH',
  'MI',
  'SS',
  'MS',
] as const

export type Keyword = (typeof KEYWORDS)[number]

/**
 * Words with a meaning only in one position (CASE expressions of eKuiper 1.2, `NOT`, the `BYTEA` column type):
 * the lexer keeps them as identifiers so that columns with these names still work unquoted.
 */
export const SOFT_KEYWORDS: ReadonlySet<string> = new Set(['CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'NOT', 'BYTEA'])

export type Operator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '&'
  | '|'
  | '^'
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '->'
  | ','
  | '('
  | ')'
  | '['
  | ']'
  | '#'
  | '.'
  | ':'
  | ';'

/**
 * `ident` (plain or back-quoted), `integer` (`123`), `number` (`1.5`, `.5`), `string` (`"..."`), `badstring`
 * (unterminated string), `illegal` (a character outside the language), `eof`.
 */
export type LiteralKind = 'ident' | 'integer' | 'number' | 'string' | 'badstring' | 'illegal' | 'eof'

export type TokenType = LiteralKind | Keyword | Operator

export interface Token {
  readonly type: TokenType
  /**
   * The literal as 1.0 reports it in `found "..."` messages: the name of an identifier, the upper-case keyword,
   * the decoded value of a string, the digits of a number, the operator text, `EOF` at the end.
   */
  readonly text: string
  /** 1-based line and column (UTF-16 code units) of the first character. */
  readonly line: number
  readonly column: number
  /** Offset of the first character in the source. */
  readonly offset: number
  /** True for a back-quoted identifier. */
  readonly quoted: boolean
}

const keywordSet: ReadonlySet<string> = new Set(KEYWORDS)

/** The keyword token type of an upper-cased word, or undefined for an identifier. */
export function keywordOf(upper: string): Keyword | undefined {
  return keywordSet.has(upper) ? (upper as Keyword) : undefined
}

export function isKeyword(word: string): boolean {
  return keywordSet.has(word.toUpperCase())
}

/** The time-unit keywords, usable as window units (TimeLiteral). */
export function isTimeUnitToken(type: TokenType): type is 'DD' | 'HH' | 'MI' | 'SS' | 'MS' {
  return type === 'DD' || type === 'HH' || type === 'MI' || type === 'SS' || type === 'MS'
}
