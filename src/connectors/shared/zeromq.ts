// The ZeroMQ binding (npm `zeromq`, native code shipped in the package), loaded once per process on first use by
// the zmq connector and the EdgeX `zero` bus, so that Kuiper starts without it; a missing binding fails only what
// uses ZeroMQ, with a message saying what to install.

import type * as ZeroMqModule from 'zeromq'
import { lazyLibrary } from '../../core/lazy-library.js'

export type ZeroMq = typeof ZeroMqModule

export const loadZeroMq: () => Promise<ZeroMq> = lazyLibrary(
  'zeromq',
  'ZeroMQ (the zmq connector and the EdgeX zero message bus)',
  () => import('zeromq'),
)
