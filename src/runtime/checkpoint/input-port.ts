// One input of a multi-input node under exactly-once: what comes in through it is tagged with its index, so the
// node's barrier aligner can hold back that input after its barrier.

import type { Item } from '../../core/collection.js'
import type { Drainable, Receiver, RuntimeNode } from '../node.js'
import type { Barrier } from './barrier.js'

export class InputPort implements Receiver {
  readonly id: string

  constructor(
    private readonly node: RuntimeNode,
    private readonly input: number,
  ) {
    this.id = node.id
  }

  receive(item: Item): void {
    this.node.receiveFrom(this.input, item)
  }

  receiveBarrier(barrier: Barrier): void {
    this.node.receiveFrom(this.input, barrier)
  }

  saturated(): boolean {
    return this.node.saturated()
  }

  waitDrain(upstream: Drainable): void {
    this.node.waitDrain(upstream)
  }
}
