// A sink plugin like 1.0's sample `file`: appends each result (the JSON text the rule sends) to `path`, one line
// each. With `numbered: true` each line starts with its number; the count lives in the sink's state, which is
// saved in every checkpoint (qos > 0), so numbering goes on across a restart of the rule.

import { appendFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'

function settings(props) {
  const path = props.path
  if (typeof path !== 'string' || path === '') throw new Error('lineFile: property path is required')
  const numbered = props.numbered ?? false
  if (typeof numbered !== 'boolean') throw new Error('lineFile: numbered must be a boolean')
  return { path, numbered }
}

/** Checked when a rule using the sink is created: a missing path is a 400 then, not a failure at start. */
export function validateSink(props) {
  settings(props)
}

class LineFileSink {
  constructor(props) {
    this.conf = settings(props)
  }

  /** connectors/api.ts Sink: open (optional), collect, close (optional). */
  async open(ctx) {
    await mkdir(dirname(this.conf.path), { recursive: true })
    ctx.logger.info(`lineFile sink ${ctx.sinkName} of rule ${ctx.ruleId} writes to ${this.conf.path}`)
  }

  /** A rejected promise is retried by the sink node, as for a built-in sink. */
  async collect(ctx, payload) {
    let line = payload.text
    if (this.conf.numbered) {
      ctx.state?.incrCounter('lines', 1)
      line = `${ctx.state?.getCounter('lines') ?? 0} ${line}`
    }
    await appendFile(this.conf.path, `${line}\n`)
  }
}

export function createSink(props, _env) {
  return new LineFileSink(props)
}
