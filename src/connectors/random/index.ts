// The `random` demo source (1.0 sample plugin).

export { RandomSource, createRandomSource, randomConf } from './source.js'
export type { RandomConf } from './source.js'
