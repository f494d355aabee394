// mqtt.js, loaded when the first MQTT source, sink or connection needs it (an idle kuiperd does not load it).

import type * as MqttModule from 'mqtt'
import { lazyLibrary } from '../../core/lazy-library.js'

export type MqttLibrary = (typeof MqttModule)['default']
export type MqttConnect = MqttLibrary['connect']

const loadModule = lazyLibrary('mqtt', 'the mqtt connector', () => import('mqtt'))

/** mqtt.js's `connect`, once loaded. */
export async function loadMqttConnect(): Promise<MqttConnect> {
  return (await loadModule()).default.connect
}
