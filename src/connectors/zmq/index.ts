// The zmq connector (1.0 sample plugins built in): ZeroMQ SUB source and PUB sink.

export { ZmqSource, createZmqSource, zmqSourceServer } from './source.js'
export { ZmqSink, createZmqSink, zmqSinkConf } from './sink.js'
