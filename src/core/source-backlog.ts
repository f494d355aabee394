// How many source queues of the process hold messages. A connector that stops reading while one of its rules'
// queues is full (MQTT: SourceFlow.isFull) asks each rule a message went to only while some source queue holds
// anything: when none does, none is full, and a message on a topic read by 1,000 rules costs no 1,000 more calls.

/** Kept by the source nodes (runtime/source-node.ts): `queues` counts those whose queue is not empty. */
export const sourceBacklog = { queues: 0 }
