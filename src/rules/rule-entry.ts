// One rule of the RuleRegistry: its definition, plan and topology, and what its status shows (state, error, pending
// retry). Those three are changed only through `setStatus`, which moves the registry's revision in the same step:
// the kept `GET /rules` text (rule-listing.ts) is built again exactly when the revision moved, so a change of the
// status that forgot the revision would leave the listing stale. A plain assignment of them throws (getters only).

import type { TimerHandle } from '../core/clock.js'
import type { Topology } from '../runtime/topology.js'
import type { PreparedRule } from './prepare-rule.js'
import type { RuleDef } from './rule-def.js'
import type { RuleRecord } from './rule-json.js'

/** Where a rule is in its life; `failed` keeps the error text (`Stopped: <error>.`) and any pending retry. */
export type RuleState = 'stopped' | 'starting' | 'running' | 'failed'

export interface PendingRetry {
  readonly timer: TimerHandle
  /** Clock time of the attempt. */
  readonly at: number
  /** 1 for the first retry. */
  readonly attempt: number
}

/** What `setStatus` changes: a field left out keeps its value; one given as undefined is cleared. */
export interface StatusChange {
  readonly state?: RuleState
  readonly error?: string | undefined
  readonly retry?: PendingRetry | undefined
}

/** Counts the changes of what a listing of the rules shows; one per registry, shared by its entries. */
export class Revision {
  private n = 0

  get value(): number {
    return this.n
  }

  bump(): void {
    this.n++
  }
}

export class RuleEntry {
  /** kuiperd's stored record (with its run state); absent for rules of the embedding API and temporary queries. */
  record: RuleRecord | undefined
  /**
   * Checked and planned; absent until a restored rule is prepared, or when that failed, and while the rule runs:
   * the parsed statement, the plan, options and sink specs are needed again only for the next start (and an
   * explain), which prepare them anew from `def`: thousands of running rules do not hold them (~2 KB per rule).
   */
  prepared: PreparedRule | undefined
  topology: Topology | undefined = undefined
  /** A start attempt in flight outside the caller (a retry, a background restore): changes of the rule wait for it. */
  pending: Promise<unknown> | undefined = undefined
  private currentState: RuleState
  private currentError: string | undefined = undefined
  private currentRetry: PendingRetry | undefined = undefined

  constructor(
    readonly id: string,
    public def: RuleDef,
    opts: { readonly record: RuleRecord | undefined; readonly prepared: PreparedRule | undefined; state: RuleState },
    private readonly revision: Revision,
  ) {
    this.record = opts.record
    this.prepared = opts.prepared
    this.currentState = opts.state
  }

  get state(): RuleState {
    return this.currentState
  }

  /** The error of `failed`, as the status shows it: `Stopped: <error>.` */
  get error(): string | undefined {
    return this.currentError
  }

  get retry(): PendingRetry | undefined {
    return this.currentRetry
  }

  /** Changes what the rule's status shows, and the registry's revision with it. */
  setStatus(change: StatusChange): void {
    if (change.state !== undefined) this.currentState = change.state
    if ('error' in change) this.currentError = change.error
    if ('retry' in change) this.currentRetry = change.retry
    this.revision.bump()
  }
}
