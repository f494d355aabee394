// What an MQTT source is made of, read from its conf profile and DATASOURCE without connecting: the rule-create check
// of the registry (loaded at start) and the source factory (loaded with the first MQTT rule) both read it here.

import { KuiperError, errorMessage } from '../../core/errors.js'
import type { ConnectorEnv, SourceConfig } from '../api.js'
import { KubeEdgeModel } from './kubeedge.js'
import type { MqttSourceConf } from './options.js'
import { sourceConf } from './options.js'
import type { ParsedFilter } from './topic-filter.js'
import { parseFilter } from './topic-filter.js'

export interface MqttSourceSettings {
  readonly conf: MqttSourceConf
  readonly filter: ParsedFilter
  readonly model: KubeEdgeModel | undefined
}

/**
 * What a source is made of: its conf, the topic filter of DATASOURCE and the KubeEdge model file it names; 1.0's
 * Configure errors (CONFIG_ERROR) otherwise. Connects nothing: the registry checks a rule's sources with it.
 */
export function mqttSourceSettings(config: SourceConfig, env: ConnectorEnv): MqttSourceSettings {
  const conf = sourceConf(config.props)
  let filter: ParsedFilter
  try {
    filter = parseFilter(config.datasource, conf.sharedSubscription)
  } catch (err) {
    throw new KuiperError('CONFIG_ERROR', errorMessage(err))
  }
  let model: KubeEdgeModel | undefined
  if (conf.kubeedgeModelFile !== undefined) {
    try {
      model = KubeEdgeModel.load(env.etcDir ?? 'etc', conf.kubeedgeModelFile)
    } catch (err) {
      throw new KuiperError('CONFIG_ERROR', `kubeedgeModelFile ${conf.kubeedgeModelFile}: ${errorMessage(err)}`)
    }
  }
  return { conf, filter, model }
}
