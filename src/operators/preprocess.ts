// The preprocessor (1.0's plans.Preprocessor): converts a decoded message to the stream schema (a schemaless stream
// passes it through), computes the non-aggregate SELECT aliases so later clauses can read them, and with event time
// takes the tuple's timestamp from the stream's TIMESTAMP field.

import { ErrorItem } from '../core/collection.js'
import type { Item } from '../core/collection.js'
import { EvalError, KuiperError, errorMessage } from '../core/errors.js'
import { setOwn } from '../core/maps.js'
import { Tuple } from '../core/row.js'
import type { ValueMap } from '../core/value.js'
import { compileExpr } from '../eval/compile.js'
import type { Evaluator } from '../eval/evaluator.js'
import type { Emit, Operator, OperatorContext } from '../runtime/operator.js'
import type { Field, StreamField, StreamOptions } from '../sql/ast/statement.js'
import { coerceMessage } from './coerce.js'
import type { DatetimeParser } from './coerce.js'
import type { OperatorDeps } from './common.js'
import { datetimeParser, toUnixMilli } from './datetime.js'
import { formatGo } from '../core/value.js'
import { SharedTuples, conversionKey, sharedConversions } from '../core/shared-conversion.js'

/** The tuples shared by the preprocessors of the rules a message is delivered to (see `shareOutput`). */
const preprocessedTuples = new SharedTuples()

export interface PreprocessConfig {
  /** The stream definition (a CreateStreamStatement fits): `fields` is null for a schemaless stream. */
  readonly stream: {
    readonly name: string
    readonly fields: readonly StreamField[] | null
    readonly options: StreamOptions
  }
  /** Rule option isEventTime: the tuple timestamp comes from the TIMESTAMP field. */
  readonly isEventTime: boolean
  /** SELECT fields with an alias and no aggregate call: 1.0 stores their values in the message under the alias. */
  readonly aliasFields?: readonly Field[]
}

export class PreprocessOp implements Operator {
  // The fields the plain path of `transform` reads come first (it runs once per rule and message in a fan-out).
  /** Set when nothing downstream writes to the emitted tuples: rules share one (see Operator.shareOutput). */
  private shared: SharedTuples | undefined = undefined
  /** No aliases and no event time: the result is the shared conversion of the message (see `transform`). */
  private readonly plain: boolean
  /** What the conversion depends on (schema, datetime format): rules with the same key share one conversion. */
  private readonly conversionKey: string
  private readonly convert: (m: ValueMap) => ValueMap
  private readonly fields: readonly StreamField[] | null
  private readonly parseDatetime: DatetimeParser
  private readonly aliases: readonly { readonly name: string; readonly eval: Evaluator }[]
  /** `aliases.length > 0`, read without touching the array. */
  private readonly aliased: boolean
  private readonly timestampField: string | undefined
  private readonly timestampFormat: string

  /** Throws a PLAN_ERROR when event time is on and the stream has no TIMESTAMP option (rule creation fails). */
  constructor(config: PreprocessConfig, deps: OperatorDeps) {
    const options = config.stream.options
    this.fields = config.stream.fields
    this.parseDatetime = datetimeParser(options['TIMESTAMP_FORMAT'])
    this.aliases = (config.aliasFields ?? []).map((f) => ({
      name: f.alias,
      eval: compileExpr(f.expr, { functions: deps.functions }),
    }))
    if (config.isEventTime) {
      const tf = options['TIMESTAMP']
      if (tf === undefined) {
        throw new KuiperError(
          'PLAN_ERROR',
          'preprocessor is set to be event time but stream option TIMESTAMP not found',
        )
      }
      this.timestampField = tf
    }
    this.aliased = this.aliases.length > 0
    this.plain = !this.aliased && this.timestampField === undefined
    this.timestampFormat = options['TIMESTAMP_FORMAT'] ?? ''
    const fields = this.fields
    this.conversionKey = conversionKey(
      fields === null ? 'schemaless' : JSON.stringify([fields, options['TIMESTAMP_FORMAT'] ?? null]),
    )
    const parse = this.parseDatetime
    this.convert = fields === null ? copy : (m) => coerceMessage(fields, m, parse)
  }

  shareOutput(): void {
    this.shared = preprocessedTuples
  }

  /** The plain path's output is the stream's shared conversion in a shared tuple: the same for every such rule. */
  sharedTransformKey(): string | undefined {
    return this.plain && this.shared !== undefined ? this.conversionKey : undefined
  }

  process(item: Item, out: Emit, ctx: OperatorContext): void {
    out(this.transform(item, ctx))
  }

  transform(item: Item, ctx: OperatorContext): Item {
    if (item instanceof ErrorItem) return item
    if (!(item instanceof Tuple)) throw new EvalError('expect tuple data type')
    const shared = this.shared
    if (this.plain && shared !== undefined) {
      // The common case, what the general path below does without aliases and event time, in fewer reads.
      let converted: ValueMap
      try {
        converted = sharedConversions.convert(this.conversionKey, item.message, this.convert)
      } catch (err) {
        throw new EvalError(`error in preprocessor: ${errorMessage(err)}`, { cause: err })
      }
      return shared.get(item.emitter, converted, item.timestamp, item.metadata)
    }

    // Converted once for all the rules of the stream, so the result is read-only: a rule adding aliases copies it
    // (a schemaless stream's conversion is that copy).
    let result: ValueMap
    const aliased = this.aliased
    if (aliased && this.fields === null) result = copy(item.message)
    else {
      try {
        result = sharedConversions.convert(this.conversionKey, item.message, this.convert)
      } catch (err) {
        throw new EvalError(`error in preprocessor: ${errorMessage(err)}`, { cause: err })
      }
      if (aliased) result = copy(result)
    }

    if (aliased) {
      // 1.0 evaluates the aliases on the incoming tuple: the raw message, or for a schemaless stream the very map
      // being filled (so a later alias sees an earlier one).
      const row = this.fields === null ? new Tuple(item.emitter, result, item.timestamp, item.metadata) : item
      const ectx = { fn: ctx.fn }
      for (const a of this.aliases) setOwn(result, a.name, a.eval(row, ectx))
    }

    let timestamp = item.timestamp
    const tf = this.timestampField
    if (tf !== undefined) {
      if (!Object.prototype.hasOwnProperty.call(result, tf)) {
        throw new EvalError(`cannot find timestamp field ${tf} in tuple ${formatGo(result)}`)
      }
      try {
        timestamp = toUnixMilli(result[tf], this.timestampFormat)
      } catch (err) {
        throw new EvalError(`cannot convert timestamp field ${tf} to timestamp with error ${errorMessage(err)}`, {
          cause: err,
        })
      }
    }
    return shared === undefined || aliased
      ? new Tuple(item.emitter, result, timestamp, item.metadata)
      : shared.get(item.emitter, result, timestamp, item.metadata)
  }
}

/** A shallow copy: spread defines own data properties, so a `__proto__` key stays data. */
function copy(m: ValueMap): ValueMap {
  return { ...m }
}
