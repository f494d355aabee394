// The contract between the checkpoint coordinator and the nodes of a topology: nodes acknowledge a barrier with a
// snapshot of their state, restore it before the rule reopens, and hear when a checkpoint has been stored.

/** Where a node reports what it did with a checkpoint's barrier (the rule's coordinator). */
export interface CheckpointAcker {
  /** The node has snapshotted `state` (plain data that `v8.serialize` takes) for `checkpointId`. */
  ack(nodeId: string, checkpointId: number, state: unknown): void
  /** The node could not snapshot: the checkpoint is abandoned. */
  decline(nodeId: string, checkpointId: number, reason: unknown): void
}

/**
 * A node taking part in checkpoints. RuntimeNode implements it with defaults (the extension state of the node);
 * subclasses override what they own.
 *
 * Hooks a node with asynchronous side effects (the sink node) overrides in RuntimeNode:
 * - `settledForBarrier()`: false while earlier items are still being delivered (collects in flight); the barrier
 *   then waits, holding back later items, until the node calls `barrierSettled()`;
 * - `snapshotState()` / `restoreState()`: add the node's own state (e.g. a sink outbox) to the default;
 * - `onCheckpointComplete(id)`: the checkpoint is durable (1.0 saves the sink cache here).
 */
export interface CheckpointParticipant {
  readonly id: string
  /** Called once per completed (stored) checkpoint, in order. */
  onCheckpointComplete(checkpointId: number): void
}

/** A source node: the coordinator injects barriers there. */
export interface BarrierSource extends CheckpointParticipant {
  injectBarrier(checkpointId: number): void
}
