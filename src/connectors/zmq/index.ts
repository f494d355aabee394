// The zmq connector (1.0 sample plugins built in): ZeroMQ SUB source and PUB sink.

export { ZmqSource, createZmqSource } from './source.js'
export { ZmqSink, createZmqSink } from './sink.js'
export { zmqSinkConf, zmqSinkProperties, zmqSourceProperties, zmqSourceServer } from './properties.js'
