// `GET /rules` as JSON, kept between calls: with 10,000 rules, building the 10,000 `{id, status}` objects and
// serialising them cost ~15 ms of CPU a call in kuiperd, and a console or a monitor polls the listing. The text is
// built again only when the registry's revision moved (a rule added, removed, or its status changed) or when a
// listed status changes with time by itself (a failed rule's `Retrying in 4s`). Reading every rule's status to
// compare it is no cheaper in a large heap (each entry is a cache miss: ~2 ms for 10,000), hence the revision.

import type { RuleEntry } from './rule-entry.js'
import type { RuleRegistry } from './rule-registry.js'

/** One listed rule, as `GET /rules` shows it. */
export interface ListedRule {
  readonly id: string
  readonly status: string
}

export class RuleListing {
  /** The registry's revision the body was built at; undefined when it must be built at the next call. */
  private builtAt: number | undefined
  /** The JSON text in UTF-8: a 10,000-rule listing (~340 KB) is not encoded again for each answer either. */
  private body = Buffer.from('[]')

  constructor(private readonly rules: RuleRegistry) {}

  /** Every stored rule with its status, by id (temporary query rules, which have no record, are not listed). */
  list(): ListedRule[] {
    const out: ListedRule[] = []
    for (const e of this.rules.ordered()) {
      if (e.record !== undefined) out.push({ id: e.id, status: this.rules.statusText(e) })
    }
    return out
  }

  /** `JSON.stringify(this.list())` in UTF-8, the last call's while nothing listed changed. Do not change it. */
  json(): Buffer {
    const revision = this.rules.revision
    if (this.builtAt === revision) return this.body
    this.body = Buffer.from(JSON.stringify(this.list()))
    // A status that counts down to the next retry changes without a revision: such a listing is not kept.
    this.builtAt = this.rules.ordered().some(countsDown) ? undefined : revision
    return this.body
  }
}

/** A failed rule whose next start attempt is scheduled: its status text tells the time left. */
function countsDown(e: RuleEntry): boolean {
  return e.record !== undefined && e.state === 'failed' && e.retry !== undefined
}
