import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KubeEdgeModel, changeType, deviceOfTopic } from '../../../../src/connectors/mqtt/kubeedge.js'
import type { ValueMap } from '../../../../src/core/value.js'

const model = KubeEdgeModel.parse(
  JSON.stringify({
    deviceModels: [
      {
        name: 'Device1',
        properties: [
          { name: 'temperature', dataType: 'int' },
          { name: 'humidity', dataType: 'float' },
          { name: 'label', dataType: 'string' },
          { name: 'on', dataType: 'boolean' },
        ],
      },
    ],
  }),
)

describe('KubeEdge device model', () => {
  it('takes the device from the 4th topic segment', () => {
    assert.equal(deviceOfTopic('$ke/events/device/device1/data/update'), 'device1')
    assert.equal(deviceOfTopic('a/b/c'), '')
  })

  it('converts fields in place by the device model, names case-insensitively', () => {
    const m: ValueMap = { Temperature: 21.7, humidity: '55.5', label: 3, on: 1, other: 'x' }
    const errors = model.convert(m, '$ke/events/device/DEVICE1/data/update')
    assert.deepEqual(errors, [])
    assert.deepEqual(m, { Temperature: 21n, humidity: 55.5, label: '3', on: true, other: 'x' })
  })

  it('deletes a field it cannot convert and reports why', () => {
    const m: ValueMap = { temperature: 'hot', humidity: 1 }
    const errors = model.convert(m, '$ke/events/device/device1/data/update')
    assert.deepEqual(m, { humidity: 1 })
    assert.equal(errors.length, 1)
    assert.match(errors[0]!, /invalid syntax/)
  })

  it('leaves messages of unknown devices alone', () => {
    const m: ValueMap = { temperature: '1' }
    assert.deepEqual(model.convert(m, '$ke/events/device/nodev/data/update'), [])
    assert.deepEqual(m, { temperature: '1' })
  })

  it('prints floats as Go FormatFloat f -1 when converting to string', () => {
    assert.deepEqual(changeType('string', 1e21), { value: '1000000000000000000000' })
    assert.deepEqual(changeType('string', 1.5e-7), { value: '0.00000015' })
    assert.deepEqual(changeType('int', true), { value: 1n })
    assert.deepEqual(changeType('bool', 'T'), { value: true })
    // Go's strconv: int64 range, hex floats, and its error texts.
    assert.deepEqual(changeType('int', '9223372036854775808'), {
      error: 'strconv.Atoi: parsing "9223372036854775808": value out of range',
    })
    assert.deepEqual(changeType('float', '0x1.8p1'), { value: 3 })
    assert.deepEqual(changeType('bool', 'yes'), { error: 'strconv.ParseBool: parsing "yes": invalid syntax' })
    assert.deepEqual(changeType('matrix', 1), { error: 'not support modelType : matrix' })
  })
})
