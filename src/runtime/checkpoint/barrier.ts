// Checkpoint barriers (1.0's xstream/checkpoints Barrier): markers injected at the sources that flow through the
// topology in order with the data, so that each node snapshots its state at the same logical point of the stream.

/** One checkpoint's marker; the same object travels every edge of the topology. */
export class Barrier {
  constructor(
    /** 1.0 uses the trigger time in ms as the checkpoint id; ids grow with time. */
    readonly checkpointId: number,
  ) {}
}

/** An entry that came in through input `input` of a multi-input node (exactly-once alignment needs to know). */
export class PortEntry<T> {
  constructor(
    readonly input: number,
    readonly entry: T,
  ) {}
}

/** The delivery guarantees of rule option `qos`. */
export const QOS = { atMostOnce: 0, atLeastOnce: 1, exactlyOnce: 2 } as const

export type Qos = (typeof QOS)[keyof typeof QOS]

/** `qos` as a known level: anything above 2 counts as exactly-once, anything below 1 as at-most-once. */
export function toQos(n: number): Qos {
  if (n >= 2) return QOS.exactlyOnce
  if (n >= 1) return QOS.atLeastOnce
  return QOS.atMostOnce
}
