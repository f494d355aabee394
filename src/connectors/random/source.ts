// The `random` source (1.0 sample plugin plugins/sources/random/random.go, built in here): every `interval` ms on
// the rule clock it emits the `pattern` map with each integer value plus a random integer in [0, seed). With
// `deduplicate` N it drops a message equal to one of the last N sent (N < 0: to any sent before), keeping that
// list in the rule's extension state (key `input`) so it survives a restart with qos > 0. No message is made
// while the rule's queue is full (backpressure: the ticks are skipped).

import type { TimerHandle } from '../../core/clock.js'
import { toJson } from '../../core/json.js'
import { setOwn } from '../../core/maps.js'
import type { ValueMap } from '../../core/value.js'
import type { ConnectorEnv, Source, SourceConfig, SourceContext, SourceEmit } from '../api.js'
import { randomConf } from './properties.js'
import type { RandomConf } from './properties.js'

const STATE_KEY = 'input'

function intOf(v: unknown): number | undefined {
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v)
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) return Number(v.trim())
  return undefined
}

export class RandomSource implements Source {
  private timer: TimerHandle | undefined
  private sent: string[] = []

  /** `random()` returns a float in [0, 1) (Math.random by default; tests pass a seeded generator). */
  constructor(
    readonly conf: RandomConf,
    private readonly random: () => number = Math.random,
  ) {}

  open(ctx: SourceContext, emit: SourceEmit): void {
    this.sent = []
    if (this.conf.deduplicate !== 0) {
      const saved = ctx.state?.getState(STATE_KEY)
      if (Array.isArray(saved) && saved.every((s) => typeof s === 'string')) this.sent = [...(saved as string[])]
    }
    this.timer = ctx.clock.setInterval(() => {
      if (ctx.flow?.isFull() === true) return
      const next = this.next()
      if (this.conf.deduplicate !== 0 && this.isDup(ctx, next)) return
      emit(next, {})
    }, this.conf.interval)
  }

  close(_ctx: SourceContext): void {
    this.timer?.cancel()
    this.timer = undefined
  }

  /** One message: pattern value + a random integer in [0, seed) per integer field (other values are skipped). */
  next(): ValueMap {
    const out: ValueMap = {}
    for (const [k, v] of Object.entries(this.conf.pattern)) {
      const base = intOf(v)
      if (base === undefined) continue
      setOwn(out, k, BigInt(base + Math.floor(this.random() * this.conf.seed)))
    }
    return out
  }

  private isDup(ctx: SourceContext, next: ValueMap): boolean {
    const key = toJson(next)
    if (this.sent.includes(key)) return true
    if (this.conf.deduplicate > 0 && this.sent.length >= this.conf.deduplicate) this.sent.shift()
    this.sent.push(key)
    ctx.state?.putState(STATE_KEY, [...this.sent])
    return false
  }
}

/** The `random` source factory. */
export function createRandomSource(config: SourceConfig, _env: ConnectorEnv): Source {
  return new RandomSource(randomConf(config.props))
}
