// Sizes of each workload. `full` is the table; `quick` the same shapes with smaller counts (a few minutes);
// `smoke` tiny sizes, run side by side, only to check that the runner produces every figure (CI).

export type ProfileName = 'full' | 'quick' | 'smoke'

/** A scale.mjs run: rules, streams (one MQTT topic each), total publish rate, seconds of load. */
export interface ManyRules {
  readonly rules: number
  readonly topics: number
  readonly rate: number
  readonly secs: number
}

export interface Profile {
  readonly name: ProfileName
  readonly rules10k: ManyRules
  readonly fanout: ManyRules
  readonly rules50k: ManyRules
  /** kuiperd starts per program for the idle RSS (the median is kept). */
  readonly idleStarts: number
  /** The shared MQTT workload: messages per run, warm-up messages, runs, and whether Node-RED runs beside. */
  readonly mqtt: { readonly count: number; readonly warmup: number; readonly runs: number; readonly nodered: boolean }
  /** Rows pushed through the memory source per window rule. */
  readonly windowRows: number
  /** Run the workloads at the same time (smoke only: its figures are not meant to be read). */
  readonly concurrent: boolean
  /**
   * The least time a workload gets before it is stopped (it gets 4× its expected duration when that is more):
   * saturated kuiperds answer REST slowly (the issue measured a 37.8 s p99 under fan-out), and scale.mjs waits.
   */
  readonly minTimeoutS: number
}

export const PROFILES: Record<ProfileName, Profile> = {
  full: {
    name: 'full',
    rules10k: { rules: 10_000, topics: 10_000, rate: 800, secs: 10 },
    fanout: { rules: 1_000, topics: 1, rate: 800, secs: 10 },
    rules50k: { rules: 50_000, topics: 50_000, rate: 800, secs: 10 },
    idleStarts: 3,
    mqtt: { count: 200_000, warmup: 20_000, runs: 3, nodered: true },
    windowRows: 1_000_000,
    concurrent: false,
    minTimeoutS: 900,
  },
  quick: {
    name: 'quick',
    rules10k: { rules: 2_000, topics: 2_000, rate: 800, secs: 10 },
    fanout: { rules: 1_000, topics: 1, rate: 800, secs: 5 },
    rules50k: { rules: 5_000, topics: 5_000, rate: 800, secs: 5 },
    idleStarts: 1,
    mqtt: { count: 100_000, warmup: 10_000, runs: 1, nodered: false },
    windowRows: 300_000,
    concurrent: false,
    minTimeoutS: 600,
  },
  smoke: {
    name: 'smoke',
    rules10k: { rules: 20, topics: 20, rate: 50, secs: 2 },
    fanout: { rules: 20, topics: 1, rate: 50, secs: 2 },
    rules50k: { rules: 30, topics: 30, rate: 50, secs: 2 },
    idleStarts: 1,
    mqtt: { count: 5_000, warmup: 1_000, runs: 1, nodered: false },
    windowRows: 20_000,
    concurrent: true,
    minTimeoutS: 120,
  },
}
