// A small value checker with zod's API and messages for what kuiperd checks when it starts: kuiper.yaml's sections
// (config/kuiper-config.ts) and the bodies of the REST requests that carry JSON (server/request.ts). Numbers,
// integers, strings, enums, lists, objects, defaults, preprocessing and object refinements, with zod 4's messages and
// issue paths, so a bad configuration or body reads as it did. It replaced zod there: every kuiperd checks its
// configuration at start, and zod's 95 modules were ~4 MB of an idle kuiperd's memory (docs/performance.md, "Idle
// footprint"). Like zod: every problem is reported (not only the first), a loose object keeps its unknown keys, a
// default replaces an absent value as it is, and a prefault is checked as if it had been given.

/** One problem: where (keys and list indexes from the top) and zod's message for it. */
export interface SchemaIssue {
  readonly path: readonly (string | number)[]
  readonly message: string
  /** A value of the wrong type (or not one of an enum's): the object holding it is not refined further (as zod). */
  readonly fatal?: boolean
}

export type ParseResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: { readonly issues: readonly SchemaIssue[] } }

type Path = readonly (string | number)[]
type Issues = SchemaIssue[]

/** zod's name of a value's type in `expected …, received …`. */
function receivedType(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? 'number' : String(v)
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'object') {
    const proto: unknown = Object.getPrototypeOf(v)
    const ctor = (v as { constructor?: { name?: unknown } }).constructor
    if (proto !== Object.prototype && proto !== null && typeof ctor?.name === 'string') return ctor.name
  }
  return typeof v
}

function wrongType(issues: Issues, path: Path, expected: string, v: unknown): void {
  issues.push({ path, message: `Invalid input: expected ${expected}, received ${receivedType(v)}`, fatal: true })
}

/** A checked value of type T. `run` returns the value to use (meaningless when it added issues). */
export abstract class Check<T> {
  /** The output type, for `Infer` (never set). */
  declare readonly _output: T
  abstract run(v: unknown, path: Path, issues: Issues): T

  safeParse(v: unknown): ParseResult<T> {
    const issues: Issues = []
    const data = this.run(v, [], issues)
    return issues.length === 0 ? { success: true, data } : { success: false, error: { issues } }
  }

  /** Absent (undefined): `value`, as it is. */
  default(value: Exclude<T, undefined>): Check<Exclude<T, undefined>> {
    return new Wrapped<Exclude<T, undefined>>((v, path, issues) =>
      v === undefined ? value : (this.run(v, path, issues) as Exclude<T, undefined>),
    )
  }

  /** Absent (undefined): `raw`, checked as if given. */
  prefault(raw: unknown): Check<T> {
    return new Wrapped<T>((v, path, issues) => this.run(v === undefined ? raw : v, path, issues))
  }

  optional(): Check<T | undefined> {
    return new Wrapped<T | undefined>((v, path, issues) => (v === undefined ? undefined : this.run(v, path, issues)))
  }

  nullish(): Check<T | null | undefined> {
    return new Wrapped<T | null | undefined>((v, path, issues) =>
      v === undefined || v === null ? v : this.run(v, path, issues),
    )
  }
}

export class Wrapped<T> extends Check<T> {
  constructor(private readonly check: (v: unknown, path: Path, issues: Issues) => T) {
    super()
  }

  run(v: unknown, path: Path, issues: Issues): T {
    return this.check(v, path, issues)
  }
}

export type Infer<C> = C extends Check<infer T> ? T : never

export class BooleanCheck extends Check<boolean> {
  run(v: unknown, path: Path, issues: Issues): boolean {
    if (typeof v !== 'boolean') wrongType(issues, path, 'boolean', v)
    return v as boolean
  }
}

interface Bound {
  readonly value: number
  readonly inclusive: boolean
}

export class NumberCheck extends Check<number> {
  constructor(
    private readonly integer = false,
    private readonly lower?: Bound,
    private readonly upper?: Bound,
  ) {
    super()
  }

  int(): NumberCheck {
    return new NumberCheck(true, this.lower, this.upper)
  }
  min(value: number): NumberCheck {
    return new NumberCheck(this.integer, { value, inclusive: true }, this.upper)
  }
  positive(): NumberCheck {
    return new NumberCheck(this.integer, { value: 0, inclusive: false }, this.upper)
  }
  max(value: number): NumberCheck {
    return new NumberCheck(this.integer, this.lower, { value, inclusive: true })
  }

  run(v: unknown, path: Path, issues: Issues): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      wrongType(issues, path, 'number', v)
      return v as number
    }
    if (this.integer && !Number.isInteger(v)) {
      wrongType(issues, path, 'int', v)
      return v
    }
    // zod goes on with the bounds after this one (both reported).
    if (this.integer && !Number.isSafeInteger(v)) {
      const [edge, bound] =
        v > 0 ? ['Too big', `<=${Number.MAX_SAFE_INTEGER}`] : ['Too small', `>=${Number.MIN_SAFE_INTEGER}`]
      issues.push({ path, message: `${edge}: expected int to be ${bound}` })
    }
    const { lower, upper } = this
    if (lower !== undefined && (lower.inclusive ? v < lower.value : v <= lower.value))
      issues.push({ path, message: `Too small: expected number to be ${lower.inclusive ? '>=' : '>'}${lower.value}` })
    else if (upper !== undefined && v > upper.value)
      issues.push({ path, message: `Too big: expected number to be <=${upper.value}` })
    return v
  }
}

export class StringCheck extends Check<string> {
  constructor(
    private readonly minLength?: number,
    /** The message when the value is not a string (zod's `{ error }`). */
    private readonly typeError?: string,
  ) {
    super()
  }

  min(length: number): StringCheck {
    return new StringCheck(length, this.typeError)
  }

  run(v: unknown, path: Path, issues: Issues): string {
    if (typeof v !== 'string') {
      if (this.typeError === undefined) wrongType(issues, path, 'string', v)
      else issues.push({ path, message: this.typeError, fatal: true })
    }
    // zod checks the length of a list given for a string too (its length check only asks for a length).
    const sized =
      typeof v === 'string'
        ? { length: v.length, unit: 'string to have', of: 'characters' }
        : Array.isArray(v)
          ? { length: v.length, unit: 'array to have', of: 'items' }
          : undefined
    if (sized !== undefined && this.minLength !== undefined && sized.length < this.minLength)
      issues.push({ path, message: `Too small: expected ${sized.unit} >=${this.minLength} ${sized.of}` })
    return v as string
  }
}

export class EnumCheck<E extends string> extends Check<E> {
  constructor(private readonly values: readonly E[]) {
    super()
  }

  run(v: unknown, path: Path, issues: Issues): E {
    if (!(this.values as readonly unknown[]).includes(v)) {
      const expected = this.values.map((x) => JSON.stringify(x)).join('|')
      issues.push({ path, message: `Invalid option: expected one of ${expected}`, fatal: true })
    }
    return v as E
  }
}

export class ArrayCheck<T> extends Check<T[]> {
  constructor(private readonly element: Check<T>) {
    super()
  }

  run(v: unknown, path: Path, issues: Issues): T[] {
    if (!Array.isArray(v)) {
      wrongType(issues, path, 'array', v)
      return v as T[]
    }
    return v.map((e, i) => this.element.run(e, [...path, i], issues))
  }
}

type Shape = Readonly<Record<string, Check<unknown>>>
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S]
type Simplify<T> = { [K in keyof T]: T[K] } & {}
/** An object's output: the declared keys (those that may be undefined optional), and any others it was given. */
export type ObjectOutput<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> } & {
    [key: string]: unknown
  }
>

function hasFatal(issues: Issues, from: number): boolean {
  for (let i = from; i < issues.length; i++) if (issues[i]!.fatal === true) return true
  return false
}

/** What a refinement reports its problems with. */
export interface RefinementContext {
  addIssue(issue: {
    readonly code: 'custom'
    readonly path: readonly (string | number)[]
    readonly message: string
  }): void
}

export class ObjectCheck<S extends Shape> extends Check<ObjectOutput<S>> {
  constructor(
    readonly shape: S,
    /** Other keys kept (zod's looseObject) or dropped (zod's object). */
    private readonly loose: boolean,
    private readonly refinements: readonly ((value: ObjectOutput<S>, ctx: RefinementContext) => void)[] = [],
  ) {
    super()
    this.entries = Object.entries(shape)
  }

  private readonly entries: readonly (readonly [string, Check<unknown>])[]

  /** The same object with more keys, or keys checked differently. */
  extend<M extends Shape>(more: M): ObjectCheck<Omit<S, keyof M> & M> {
    return new ObjectCheck<Omit<S, keyof M> & M>({ ...this.shape, ...more }, this.loose)
  }

  /** A check of the whole object, run unless a key has the wrong type (a value out of its range does not stop it). */
  superRefine(refine: (value: ObjectOutput<S>, ctx: RefinementContext) => void): ObjectCheck<S> {
    return new ObjectCheck(this.shape, this.loose, [...this.refinements, refine])
  }

  run(v: unknown, path: Path, issues: Issues): ObjectOutput<S> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      wrongType(issues, path, 'object', v)
      return v as ObjectOutput<S>
    }
    const input = v as Record<string, unknown>
    const before = issues.length
    const out: Record<string, unknown> = {}
    for (const [key, check] of this.entries) {
      const value = check.run(input[key], [...path, key], issues)
      if (value !== undefined || key in input) out[key] = value
    }
    if (this.loose)
      for (const key of Object.keys(input)) if (!(key in this.shape) && key !== '__proto__') out[key] = input[key]
    if (this.refinements.length > 0 && !hasFatal(issues, before)) {
      const ctx: RefinementContext = {
        addIssue: (i) => issues.push({ path: [...path, ...i.path], message: i.message }),
      }
      for (const refine of this.refinements) refine(out as ObjectOutput<S>, ctx)
    }
    return out as ObjectOutput<S>
  }
}

/** The builders, named as zod's (`c.number().int().min(0).default(5)`). */
export const c = {
  boolean: (): BooleanCheck => new BooleanCheck(),
  number: (): NumberCheck => new NumberCheck(),
  string: (options?: { readonly error: string }): StringCheck => new StringCheck(undefined, options?.error),
  enum: <const E extends string>(values: readonly E[]): EnumCheck<E> => new EnumCheck(values),
  array: <T>(element: Check<T>): ArrayCheck<T> => new ArrayCheck(element),
  /** An object whose other keys are dropped. */
  object: <S extends Shape>(shape: S): ObjectCheck<S> => new ObjectCheck(shape, false),
  /** An object whose other keys are kept as they are (zod's `looseObject`). */
  looseObject: <S extends Shape>(shape: S): ObjectCheck<S> => new ObjectCheck(shape, true),
  /** `transform` applied to the value first, then `check`. */
  preprocess: <T>(transform: (v: unknown) => unknown, check: Check<T>): Check<T> =>
    new Wrapped<T>((v, path, issues) => check.run(transform(v), path, issues)),
}
