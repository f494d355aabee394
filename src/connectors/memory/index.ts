// The memory connector: in-process topics shared by the rules of one engine.

export { MemoryBroker, topicMatches } from './pubsub.js'
export { createMemorySource, MemorySource } from './source.js'
export { createMemorySink, MemorySink } from './sink.js'
export { memorySinkProperties, memorySinkTopic, memorySourceProperties } from './properties.js'
