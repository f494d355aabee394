// One conversion per message and stream schema, shared by every rule reading the stream. A connector hands the same
// decoded map (read-only by contract) to all the rules of a topic, one rule after another, inside `deliver`: the
// first preprocessor converts it to the schema and the others reuse that result, instead of each rule converting
// the same message again (1,000 rules on one stream: one conversion per message, not 1,000).
//
// Sharing holds only during that delivery: a message handled later (a rule whose queue was not empty) is converted
// again, and so is a map the caller mutates and hands over again (Engine.publish of a reused object). Results are
// shared, so nobody may mutate them: a preprocessor that adds alias fields copies first.

import { Tuple } from './row.js'
import type { ValueMap } from './value.js'

export class ConversionMemo {
  /** The message being delivered to several rules (undefined outside a delivery: no sharing). */
  private input: ValueMap | undefined
  /** Its first conversion (a stream's rules share one schema: usually the only one). */
  private key: string | undefined
  private result: ValueMap | Failure | undefined
  /** Its conversions under other keys (streams with other schemas on the same topic). */
  private others: Map<string, ValueMap | Failure> | undefined
  /** The clock read during this delivery, and what it read (one clock read per message, not one per rule). */
  private clock: { now(): number } | undefined
  private time = 0

  /** Runs `deliver`, which hands `message` to its rules synchronously: their conversions of it are shared. */
  deliver(message: ValueMap, deliver: () => void): void {
    // A rule's sink may publish to a topic another stream reads, delivered within this one: restore after it.
    const { input, key, result, others, clock, time } = this
    this.input = message
    this.key = undefined
    this.result = undefined
    this.others = undefined
    this.clock = undefined
    try {
      deliver()
    } finally {
      this.input = input
      this.key = key
      this.result = result
      this.others = others
      this.clock = clock
      this.time = time
    }
  }

  /**
   * `clock.now()`, read once per delivery and clock: the rules a message is delivered to stamp it with the same
   * processing time (their source nodes would read the clock microseconds apart).
   */
  now(clock: { now(): number }): number {
    if (this.input === undefined) return clock.now()
    if (this.clock !== clock) {
      this.clock = clock
      this.time = clock.now()
    }
    return this.time
  }

  /** `convert(input)`, computed once per `key` during the delivery of `input`; an error is thrown again. */
  convert(key: string, input: ValueMap, convert: (m: ValueMap) => ValueMap): ValueMap {
    if (input !== this.input) return convert(input)
    let r = this.key === key ? this.result : this.others?.get(key)
    if (r === undefined) {
      try {
        r = convert(input)
      } catch (err) {
        r = new Failure(err)
      }
      if (this.key === undefined) {
        this.key = key
        this.result = r
      } else (this.others ??= new Map()).set(key, r)
    }
    if (r instanceof Failure) throw r.error
    return r
  }
}

/**
 * One string object per distinct key: `ConversionMemo.convert` compares the key of every rule reading a message
 * with the first one's, and two copies of the same text would be compared character by character.
 */
export function conversionKey(text: string): string {
  let k = internedKeys.get(text)
  if (k === undefined) internedKeys.set(text, (k = text))
  return k
}

/** Keys by their text; a few per distinct stream schema, kept for the life of the process. */
const internedKeys = new Map<string, string>()

/** A conversion that threw (a decoded message is a plain object, never one of these). */
class Failure {
  constructor(readonly error: unknown) {}
}

/** The memo of the process: rules run on the one thread, one delivery at a time. */
export const sharedConversions = new ConversionMemo()

/**
 * One Tuple for the rules a message is delivered to, where nothing downstream writes to it (a source feeding only
 * preprocessors, a preprocessor at the head of a stateless chain ending in a projection): the last tuple made is
 * handed out again while its fields are the same objects, so 1,000 rules allocate one tuple per message, not 1,000.
 * Each user (a source node, a preprocessor) keeps its own, since their tuples alternate within a delivery.
 */
export class SharedTuples {
  private last: Tuple | undefined

  get(emitter: string, message: ValueMap, timestamp: number, metadata: ValueMap | null): Tuple {
    const t = this.last
    if (
      t !== undefined &&
      t.message === message &&
      t.timestamp === timestamp &&
      t.metadata === metadata &&
      t.emitter === emitter
    )
      return t
    return (this.last = new Tuple(emitter, message, timestamp, metadata))
  }
}
