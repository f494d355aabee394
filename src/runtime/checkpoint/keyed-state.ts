// The extension state API of 1.0 (PutState/GetState/DeleteState/IncrCounter/GetCounter on a source, sink or
// function context): per node (per operator instance) key/value state and counters, snapshotted at each checkpoint.

import type { ExtensionState } from '../../connectors/api.js'
import type { FunctionState } from '../../functions/define-function.js'
import type { Value } from '../../core/value.js'

/** What KeyedState checkpoints; plain data. */
export interface KeyedStateSnapshot {
  readonly values: readonly (readonly [string, unknown])[]
  readonly counters: readonly (readonly [string, number])[]
}

/**
 * Values must be plain data `v8.serialize` accepts (Kuiper values, maps, arrays, bigint, Date, Uint8Array);
 * they are copied when a checkpoint is taken, so later changes do not leak into a snapshot.
 */
export class KeyedState implements ExtensionState, FunctionState {
  // Made on the first write: every node and operator instance of every rule has a KeyedState, and few use it.
  private values: Map<string, unknown> | undefined
  private counters: Map<string, number> | undefined

  putState(key: string, value: unknown): void {
    ;(this.values ??= new Map()).set(key, value)
  }

  /** undefined when absent (1.0 returns nil). */
  getState(key: string): unknown {
    return this.values?.get(key)
  }

  deleteState(key: string): void {
    this.values?.delete(key)
  }

  incrCounter(key: string, amount: number): void {
    if (!Number.isFinite(amount)) throw new RangeError(`invalid counter increment ${String(amount)}`)
    const counters = (this.counters ??= new Map())
    counters.set(key, (counters.get(key) ?? 0) + Math.trunc(amount))
  }

  /** 0 when the counter was never incremented. */
  getCounter(key: string): number {
    return this.counters?.get(key) ?? 0
  }

  // FunctionState (FunctionContext.state) names.
  get(key: string): Value {
    return this.values?.get(key) as Value
  }

  put(key: string, value: Value): void {
    ;(this.values ??= new Map()).set(key, value)
  }

  delete(key: string): void {
    this.values?.delete(key)
  }

  get isEmpty(): boolean {
    return (this.values?.size ?? 0) === 0 && (this.counters?.size ?? 0) === 0
  }

  /** undefined when there is nothing to keep. */
  snapshot(): KeyedStateSnapshot | undefined {
    if (this.isEmpty) return undefined
    return { values: [...(this.values ?? [])], counters: [...(this.counters ?? [])] }
  }

  restore(s: unknown): void {
    this.values = undefined
    this.counters = undefined
    if (s === undefined || s === null) return
    const snap = s as Partial<KeyedStateSnapshot>
    for (const [k, v] of snap.values ?? []) this.putState(k, v)
    for (const [k, n] of snap.counters ?? []) if (typeof n === 'number') (this.counters ??= new Map()).set(k, n)
  }
}
