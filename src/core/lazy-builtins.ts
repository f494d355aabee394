// Node built-ins that an idle kuiperd does not need, loaded on first use: what kuiperd loads at start stays resident
// for good (docs/performance.md, "Idle footprint"). `process.getBuiltinModule` loads a built-in synchronously (Node
// ≥ 20.16), so a synchronous function (a SQL hash function, a JWT check) can load one where it is called.

import type * as ChildProcess from 'node:child_process'
import type * as Crypto from 'node:crypto'
import type * as Dns from 'node:dns'
import type * as Https from 'node:https'
import type * as WorkerThreads from 'node:worker_threads'

export const nodeCrypto = (): typeof Crypto => process.getBuiltinModule('node:crypto')
export const nodeChildProcess = (): typeof ChildProcess => process.getBuiltinModule('node:child_process')
export const nodeDns = (): typeof Dns => process.getBuiltinModule('node:dns')
export const nodeHttps = (): typeof Https => process.getBuiltinModule('node:https')
export const nodeWorkerThreads = (): typeof WorkerThreads => process.getBuiltinModule('node:worker_threads')
