// Placeholder until the parser helper writes the real handler; it skips every case of its kind.

import type { KindHandler } from '../types.js'

export const parserHandler: KindHandler = () => ({ status: 'skip', reason: 'handler not implemented yet' })

export const ddlHandler: KindHandler = () => ({ status: 'skip', reason: 'handler not implemented yet' })
