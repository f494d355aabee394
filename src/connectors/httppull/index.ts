// The HTTP pull source: periodic requests whose JSON answers become stream messages.

export { HttpPullSource, allowedHttpPullConf, createHttpPullSource } from './source.js'
