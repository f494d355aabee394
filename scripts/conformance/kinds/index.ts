// The conformance kind handlers, by case `kind`. Kinds without an entry (operator, rule, connectors...) are skipped.

import type { KindHandler } from '../types.js'
import { countWindowHandler } from './count-window.js'
import { expressionHandler } from './expression.js'
import { functionHandler } from './function.js'
import { helperHandler } from './helper.js'
import { miscHandler } from './misc.js'
import { mqttTypeHandler } from './mqtt-type.js'
import { operatorHandler } from './operator.js'
import { ddlHandler, parserHandler } from './parser.js'
import { ruleHandler } from './rule.js'
import { sinkNodeHandler } from './sink-node.js'
import { sinkRestHandler } from './sink-rest.js'
import { templateFuncHandler } from './template-func.js'
import { sinkEdgexHandler } from './sink-edgex.js'
import { sourceEdgexHandler } from './source-edgex.js'
import { ruleJsonHandler } from './rule-json.js'
import { streamSessionHandler } from './stream-session.js'
import { sourceConfHandler } from './source-conf.js'

export const kindHandlers: Readonly<Record<string, KindHandler>> = {
  parser: parserHandler,
  ddl: ddlHandler,
  expression: expressionHandler,
  function: functionHandler,
  misc: miscHandler,
  helper: helperHandler,
  count_window: countWindowHandler,
  rule: ruleHandler,
  operator: operatorHandler,
  rule_json: ruleJsonHandler,
  stream_session: streamSessionHandler,
  mqtt_type: mqttTypeHandler,
  source_conf: sourceConfHandler,
  source_edgex: sourceEdgexHandler,
  sink_edgex: sinkEdgexHandler,
  template_func: templateFuncHandler,
  sink_node: sinkNodeHandler,
  sink_rest: sinkRestHandler,
}
