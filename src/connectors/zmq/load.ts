// Loads the npm `zeromq` binding on first use, so that Kuiper starts without it; a missing binding fails only the
// rules that use ZeroMQ, with a message saying what to install.

import type * as ZeroMqModule from 'zeromq'
import { KuiperError, errorMessage } from '../../core/errors.js'

export type ZeroMq = typeof ZeroMqModule

let loaded: Promise<ZeroMq> | undefined

export function loadZeroMq(): Promise<ZeroMq> {
  loaded ??= import('zeromq').catch((err: unknown) => {
    loaded = undefined
    throw new KuiperError(
      'CONNECTOR_ERROR',
      `the zmq connector needs the npm package zeromq, which could not be loaded (${errorMessage(err)}); install it with npm install zeromq`,
    )
  })
  return loaded
}
