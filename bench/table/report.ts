// The result of one `npm run bench`: what ran where, and each workload's figures. Written as JSON beside the
// markdown, so that docs/performance.md can be updated from it.

import type { Figure } from './figures.js'
import type { Commit, Load, Machine } from './machine.js'
import type { ProfileName } from './profiles.js'

export interface WorkloadReport {
  readonly id: string
  readonly title: string
  /** ok: measured; failed: it ran and could not measure (figures it got before are kept); skipped: not run. */
  readonly status: 'ok' | 'failed' | 'skipped'
  readonly reason?: string
  readonly seconds: number
  readonly load: { readonly before: Load; readonly after: Load }
  readonly figures: readonly Figure[]
  readonly details?: unknown
}

export interface Report {
  readonly schema: 1
  readonly command: string
  readonly profile: ProfileName
  /** The workloads asked for with --only (all when absent). */
  readonly only?: readonly string[]
  /** False while the run goes on (the files are rewritten after each workload) or when it was interrupted. */
  readonly finished: boolean
  readonly startedAt: string
  readonly seconds: number
  readonly commit: Commit
  readonly machine: Machine
  readonly broker: string
  readonly load: { readonly before: Load; readonly after: Load }
  readonly workloads: readonly WorkloadReport[]
}
