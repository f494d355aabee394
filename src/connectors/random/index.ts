// The `random` demo source (1.0 sample plugin).

export { RandomSource, createRandomSource } from './source.js'
export { randomConf, randomSourceProperties } from './properties.js'
export type { RandomConf } from './properties.js'
