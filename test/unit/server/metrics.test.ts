import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseMetricKey } from '../../../src/server/metrics.js'

describe('Prometheus metric keys', () => {
  it('splits 1.0 metric keys into kind, node, instance and metric', () => {
    assert.deepEqual(parseMetricKey('source_demo_0_records_in_total'), {
      kind: 'source',
      op: 'demo',
      instance: '0',
      metric: 'records_in_total',
    })
    assert.deepEqual(parseMetricKey('op_preprocessor_my_stream_1_process_latency_ms'), {
      kind: 'op',
      op: 'preprocessor_my_stream',
      instance: '1',
      metric: 'process_latency_ms',
    })
    assert.deepEqual(parseMetricKey('sink_log_0_0_buffer_length'), {
      kind: 'sink',
      op: 'log_0',
      instance: '0',
      metric: 'buffer_length',
    })
  })

  it('ignores keys that are not exported (last_invocation, extras)', () => {
    assert.equal(parseMetricKey('source_demo_0_last_invocation'), undefined)
    assert.equal(parseMetricKey('op_window_0_late_records_total'), undefined)
  })
})
