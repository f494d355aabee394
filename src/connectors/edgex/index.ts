// The EdgeX connector: source and sink over the EdgeX message bus (mqtt, redisstreams, zero).

export { EdgexSource, createEdgexSource } from './source.js'
export { EdgexSink, createEdgexSink } from './sink.js'
