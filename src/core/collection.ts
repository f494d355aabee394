// What flows between operators besides single Tuples, mirroring Kuiper 1.0's xsql collections:
// a window's output (per-stream tuple lists), joined rows, and grouped rows for aggregation.

import type { EvalError } from './errors.js'
import type { JoinTuple, Row, Tuple } from './row.js'
import type { ValueMap } from './value.js'

/** 1.0's WindowTuplesSet: one entry per stream, in order of first appearance, tuples in arrival order. */
export class WindowTuples {
  constructor(
    readonly sets: { readonly emitter: string; tuples: Tuple[] }[],
    /** Window bounds in epoch ms, when the window knows them (later eKuiper's window_start/window_end). */
    readonly start = 0,
    readonly end = 0,
  ) {}

  /** All tuples, stream by stream. */
  rows(): Tuple[] {
    return this.sets.length === 1 ? this.sets[0]!.tuples : this.sets.flatMap((s) => s.tuples)
  }
}

/** 1.0's JoinTupleSets: the rows produced by a join. */
export class JoinRows {
  constructor(readonly rows: JoinTuple[]) {}
}

/** 1.0's GroupedTuplesSet: each group is the rows sharing the GROUP BY values, in arrival order. */
export class GroupedRows {
  constructor(readonly groups: Row[][]) {}
}

/** A runtime error travelling downstream in place of data (1.0 forwards errors to the sinks). */
export class ErrorItem {
  constructor(readonly error: EvalError | Error) {}
}

/** The project operator's output: the result rows handed to sinks. */
export class ResultRows {
  constructor(readonly rows: ValueMap[]) {}
}

export type Collection = WindowTuples | JoinRows | GroupedRows

/** Anything a node passes downstream. */
export type Item = Tuple | Collection | ResultRows | ErrorItem
