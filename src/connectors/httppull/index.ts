// The HTTP pull source: periodic requests whose JSON answers become stream messages.

export { HttpPullSource, createHttpPullSource, setHttpPullLogger } from './source.js'
export type { HttpPullLogger } from './source.js'
