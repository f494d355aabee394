// The public embedding API of Kuiper: the Engine, clocks, the connector contracts and the plan as data.
// Nothing else is public.

export { Engine } from './engine.js'
export type { EngineOptions, RuleStatus } from './engine.js'
export type { RuleAction, RuleDef, SinkBinding } from './rules/rule-def.js'
export type { RuleOptions } from './plan/options.js'
export { DEFAULT_RULE_OPTIONS } from './plan/options.js'

export { systemClock } from './core/clock.js'
export type { Clock, TimerHandle } from './core/clock.js'
export { ManualClock } from './core/manual-clock.js'
export { KuiperError, ParseError, ValidationError, EvalError } from './core/errors.js'
export type { ErrorCode } from './core/errors.js'
export type { Value, ValueMap } from './core/value.js'

export {
  ConnectorError,
  decodePayload,
  isRewindable,
  payloadRows,
  reportsConnection,
  SinkPayload,
  childLogger,
  consoleLogger,
  silentLogger,
} from './connectors/api.js'
export type {
  ConnectionStatus,
  ConnectorEnv,
  ConnectorLogger,
  ConnectorProps,
  ExtensionState,
  PayloadFormat,
  ReportsConnection,
  Rewindable,
  Sink,
  SinkContext,
  SinkFactory,
  Source,
  SourceConfig,
  SourceContext,
  SourceEmit,
  SourceFactory,
  SourceFlow,
} from './connectors/api.js'
export { CallbackSink } from './connectors/callback-sink.js'
export { FormatRegistry } from './formats/registry.js'
export { BINARY_FIELD } from './formats/binary.js'
export { declareConnector } from './connectors/properties.js'
export type {
  ConnectorDeclaration,
  ConnectorDeclarationInput,
  NamedProperty,
  ParsedProperties,
  PropertyDecl,
  PropertyType,
  Texts,
} from './connectors/properties.js'
export { compileTemplate, TemplateExecError, TemplateParseError } from './templates/index.js'
export type { Template } from './templates/index.js'

export type { NodeSpec, TopoJson, TopologySpec } from './core/topology-spec.js'
export type { Metrics, TopologyCheckpointStatus } from './runtime/topology.js'

// The SQLite and Redis stores are in src/state (createKvStore), left out here so that importing Kuiper loads no
// native module and no Redis client.
export { CheckpointStore } from './state/checkpoint-store.js'
export type { StoredCheckpoint } from './state/checkpoint-store.js'
export type { KvStore, KvTable } from './state/kv-store.js'
export { MemoryKvStore } from './state/memory-kv-store.js'

export { defineAggregate, defineScalar } from './functions/define-function.js'
export type { FunctionCatalog, FunctionContext, FunctionDef, FunctionState } from './functions/define-function.js'
