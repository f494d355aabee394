// What every row group of the table implements, and what a run gives it.

import type { Figure } from './figures.js'
import type { Profile } from './profiles.js'

/** What a workload needs besides this checkout: the shared bench folder, an MQTT broker. */
export type Need = 'shared-bench' | 'broker'

export interface RunContext {
  readonly project: string
  readonly profile: Profile
  /** ../shared/bench (or $BENCH_DIR), when it is there. */
  readonly sharedBench: string | undefined
  /** mqtt://host:port of the broker the workloads use, when there is one. */
  readonly brokerUrl: string | undefined
  /** The broker's pid when the runner started it (bench.mjs reads its CPU). */
  readonly brokerPid: number | undefined
  /** Why a need cannot be met on this machine (the workloads that have it are skipped with that reason). */
  readonly unmet: Partial<Record<Need, string>>
  /** A scratch folder of this run (logs of the child processes). */
  readonly workDir: string
  readonly timeoutMs: number
  log(message: string): void
}

export interface Workload {
  /** For --only, and the JSON. */
  readonly id: string
  title(profile: Profile): string
  readonly needs: readonly Need[]
  /** Expected seconds, when no earlier run of the same profile recorded one. */
  estimateS(profile: Profile): number
  /** The ids of the figures it produces (the smoke checks that each is measured). */
  readonly figureIds: readonly string[]
  /** Measures; throws when it cannot (the table then says why). */
  run(ctx: RunContext): Promise<Measured>
}

export interface Measured {
  readonly figures: Figure[]
  /** The harness's own readings the figures come from (scale.mjs's JSON line, medians...), kept in the JSON. */
  readonly details?: unknown
}

/** An error that still carries what was measured before it. */
export class PartialResult extends Error {
  constructor(
    message: string,
    readonly measured: Measured,
  ) {
    super(message)
  }
}
