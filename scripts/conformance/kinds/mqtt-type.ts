// `mqtt_type` cases (FORMAT.md §11.7): KubeEdge device-model conversion of MQTT messages, run step by step on the
// same maps; after each step the Go type name of every remaining field must be the expected one.

import { KubeEdgeModel } from '../../../src/connectors/mqtt/kubeedge.js'
import type { ValueMap } from '../../../src/core/value.js'
import { goTypeName, isMap } from '../../../src/core/value.js'
import { goValueAt, jsonAt } from '../go-values.js'
import type { CaseOutcome, KindHandler } from '../types.js'

interface Step {
  readonly topic: number
  readonly data: number
  readonly expected_types: Readonly<Record<string, string>>
}

export const mqttTypeHandler: KindHandler = (c): CaseOutcome => {
  const model = KubeEdgeModel.parse(String(jsonAt(c, '/model_json')))
  const topics = jsonAt(c, '/topics') as readonly string[]
  const datas = jsonAt(c, '/datas') as readonly unknown[]
  const maps: ValueMap[] = datas.map((_, i) => {
    const m = goValueAt(c, `/datas/${i}`)
    if (!isMap(m)) throw new Error(`datas/${i} is not a map`)
    return m
  })
  const steps = jsonAt(c, '/steps') as readonly Step[]
  for (const [n, step] of steps.entries()) {
    const m = maps[step.data]
    const topic = topics[step.topic]
    if (m === undefined || topic === undefined) throw new Error(`step ${n} refers to a missing topic or data`)
    model.convert(m, topic)
    for (const k of Object.keys(m)) {
      const got = goTypeName(m[k], 'int') // reflect.TypeOf: message integers are Go int
      const want = step.expected_types[k]
      if (got !== want) {
        return { status: 'fail', diff: `step ${n} (${topic}, data ${step.data}): ${k} is ${got}, expected ${want}` }
      }
    }
  }
  return { status: 'pass' }
}
