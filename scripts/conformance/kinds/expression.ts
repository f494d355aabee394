// Placeholder until the evaluator helper writes the real handler; it skips every case of its kind.

import type { KindHandler } from '../types.js'

export const expressionHandler: KindHandler = () => ({ status: 'skip', reason: 'handler not implemented yet' })
