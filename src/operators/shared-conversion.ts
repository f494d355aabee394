// One conversion per message and stream schema, shared by every rule reading the stream. A connector hands the same
// decoded map (read-only by contract) to all the rules of a topic, and they deliver it one rule after another: the
// first preprocessor converts it to the schema and the others reuse that result, instead of each rule converting
// the same message again (1,000 rules on one stream: one conversion per message, not 1,000).
//
// The memo holds the results for the last message only: it costs nothing while rules run on their own topics, and a
// message met again after another one (rules with queued items) is simply converted again. Results are shared, so
// nobody may mutate them: a preprocessor that adds alias fields copies first.

import type { ValueMap } from '../core/value.js'

export class ConversionMemo {
  private input: ValueMap | undefined
  /** The first conversion of `input` (a stream's rules share one schema: usually the only one). */
  private key: string | undefined
  private result: ValueMap | Failure | undefined
  /** Conversions of `input` under other keys (streams with other schemas on the same topic). */
  private others: Map<string, ValueMap | Failure> | undefined

  /** `convert(input)`, computed once per `input` and `key`; a conversion that threw throws the same error again. */
  convert(key: string, input: ValueMap, convert: (m: ValueMap) => ValueMap): ValueMap {
    if (input !== this.input) {
      this.input = input
      this.key = undefined
      this.result = undefined
      this.others = undefined
    }
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

/** A conversion that threw (a decoded message is a plain object, never one of these). */
class Failure {
  constructor(readonly error: unknown) {}
}

/** The memo of the process: rules of the same stream run on the one thread, one message at a time. */
export const sharedConversions = new ConversionMemo()
