// The console's modules that hold no DOM: the metrics of a rule's status grouped by operator, the bounded history
// the charts draw, and the event-stream parser used when a token forbids EventSource.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addSample, byOperator, seriesOf } from '../../../console/src/metrics.js'
import { parseEvents } from '../../../console/src/sse-events.js'

describe('console metrics', () => {
  it("groups 1.0's flat status keys by operator, telling last_exception_time from last_exception", () => {
    const ops = byOperator({
      source_demo_0_records_in_total: 5,
      source_demo_0_records_out_total: 5,
      op_filter_0_process_latency_ms: 12,
      op_filter_0_last_exception: 'boom',
      op_filter_0_last_exception_time: 1700000000,
      sink_log_0_0_records_in_total: 2,
      plugin: 'ignored: not a metric',
    })
    assert.deepEqual([...ops.keys()], ['source_demo_0', 'op_filter_0', 'sink_log_0_0'])
    assert.deepEqual(ops.get('op_filter_0'), {
      process_latency_ms: 12,
      last_exception: 'boom',
      last_exception_time: 1700000000,
    })
    assert.equal(ops.get('sink_log_0_0')?.records_in_total, 2)
  })

  it('keeps the samples of the last window only and gives the charts their columns', () => {
    let h = addSample([], { time: 100, ops: byOperator({ source_d_0_records_in_total: 1 }) }, 60)
    h = addSample(h, { time: 130, ops: byOperator({ source_d_0_records_in_total: 4 }) }, 60)
    h = addSample(h, { time: 170, ops: byOperator({ source_d_0_records_in_total: 9 }) }, 60)
    assert.deepEqual(
      h.map((s) => s.time),
      [130, 170],
    )
    assert.deepEqual(seriesOf(h, 'source_d_0', ['records_in_total', 'records_out_total']), [
      [130, 170],
      [4, 9],
      [0, 0],
    ])
  })
})

describe('console event-stream parser', () => {
  it('parses named events, multi-line data and comments, and keeps an incomplete event for later', () => {
    const { events, rest } = parseEvents(
      ': keep-alive\n\nevent: data\ndata: [{"a":1}]\n\nevent: error\r\ndata: {"error":\r\ndata: "x"}\r\n\r\nevent: end\ndata: {"rea',
    )
    assert.deepEqual(events, [
      { event: 'data', data: '[{"a":1}]' },
      { event: 'error', data: '{"error":\n"x"}' },
    ])
    assert.equal(rest, 'event: end\ndata: {"rea')
    const next = parseEvents(`${rest}son":"done"}\n\n`)
    assert.deepEqual(next.events, [{ event: 'end', data: '{"reason":"done"}' }])
  })

  it('names an event without an event field "message"', () => {
    assert.deepEqual(parseEvents('data: hi\n\n').events, [{ event: 'message', data: 'hi' }])
  })
})
