// The HTTP pull source: periodic requests whose JSON answers become stream messages.

export { HttpPullSource, createHttpPullSource } from './source.js'
export { allowedHttpPullConf } from './config.js'
