// A source plugin like 1.0's sample `random`: every `interval` ms it emits `pattern` with each number replaced by
// a pseudo-random integer in [0, seed). The sequence depends on the position only, so the source is rewindable:
// with qos > 0 the runtime saves `offset()` in every checkpoint and calls `rewind(offset)` before `open` when the
// rule restarts, and the same messages come again from there.

/** mulberry32: a small PRNG, the n-th value of the sequence from its position alone. */
function randomAt(position, salt) {
  let t = (position * 0x9e3779b9 + salt) >>> 0
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

function numberProp(props, key, fallback) {
  const v = props[key]
  if (v === undefined) return fallback
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
    throw new Error(`seededRandom: ${key} must be a positive integer`)
  return v
}

/** The properties of the stream's conf section: checked when a rule using it is created (a 400 names the problem). */
export function validateSource(config) {
  settings(config.props)
}

function settings(props) {
  const pattern = props.pattern ?? { count: 50 }
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern))
    throw new Error('seededRandom: pattern must be a map')
  return { interval: numberProp(props, 'interval', 1000), seed: numberProp(props, 'seed', 100), pattern }
}

class SeededRandomSource {
  constructor(config) {
    this.conf = settings(config.props)
    this.next = 0
    this.timer = undefined
  }

  /** The runtime's contract (connectors/api.ts Source): start emitting; `ctx` has the clock, logger and rule id. */
  open(ctx, emit) {
    ctx.logger.info(`seededRandom source of rule ${ctx.ruleId} opens at position ${this.next}`)
    this.timer = ctx.clock.setInterval(
      () => emit(this.message(this.next++), { position: BigInt(this.next - 1) }),
      this.conf.interval,
    )
  }

  message(position) {
    const out = {}
    let salt = 1
    for (const [k, v] of Object.entries(this.conf.pattern)) {
      out[k] = typeof v === 'number' ? BigInt(Math.floor(randomAt(position, salt) * this.conf.seed)) : v
      salt++
    }
    return out
  }

  /** Rewindable: the position after the last message emitted (plain data, saved in checkpoints). */
  offset() {
    return this.next
  }

  rewind(offset) {
    this.next = Number(offset)
  }

  close() {
    this.timer?.cancel()
    this.timer = undefined
  }
}

/** The factory the registry calls for each stream of TYPE="seededRandom" in a starting rule. */
export function createSource(config, _env) {
  return new SeededRandomSource(config)
}
