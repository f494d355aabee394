// MQTT topic filters: wildcard matching, shared-subscription prefixes (`$share/<group>/`, `$queue/`) and the overlap
// test between two filters (the reference for `TopicTrie`, which indexes the filters of one pooled connection).

/** A subscription filter as sent to the broker, and the filter incoming topics are matched against. */
export interface ParsedFilter {
  /** What is subscribed (`$share/g/a/+` stays shared). */
  readonly subscribe: string
  /** What incoming topics match (`a/+`): the broker delivers shared messages under their real topic. */
  readonly match: string
  readonly shared: boolean
  readonly wildcard: boolean
}

/**
 * Splits a DATASOURCE into the subscribed filter and the matched filter. With `honourShared` false a `$share/<g>/`
 * or `$queue/` prefix is dropped and the topic subscribed plainly (`sharedSubscription: false`).
 */
export function parseFilter(filter: string, honourShared = true): ParsedFilter {
  let match = filter
  let shared = false
  if (filter.startsWith('$share/')) {
    const slash = filter.indexOf('/', 7)
    if (slash < 0 || slash === 7) throw new Error(`invalid shared subscription ${filter}`)
    match = filter.slice(slash + 1)
    shared = true
  } else if (filter.startsWith('$queue/')) {
    match = filter.slice(7)
    shared = true
  }
  validateFilter(match, filter)
  const wildcard = match.includes('+') || match.includes('#')
  return { subscribe: shared && !honourShared ? match : filter, match, shared: shared && honourShared, wildcard }
}

function validateFilter(f: string, original: string): void {
  if (f === '') throw new Error(`invalid topic filter ${JSON.stringify(original)}: empty`)
  const levels = f.split('/')
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i]!
    if (l.includes('#') && (l !== '#' || i !== levels.length - 1)) {
      throw new Error(`invalid topic filter ${original}: '#' must be the whole last level`)
    }
    if (l.includes('+') && l !== '+') throw new Error(`invalid topic filter ${original}: '+' must be a whole level`)
  }
}

/** True when `topic` (a concrete topic name) matches `filter` (MQTT 3.1.1 §4.7; `$` topics skip leading wildcards). */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true
  return levelsMatch(filter.split('/'), topic)
}

function levelsMatch(f: readonly string[], topic: string): boolean {
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false
  const t = topic.split('/')
  for (let i = 0; i < f.length; i++) {
    const level = f[i]
    if (level === '#') return true
    if (i >= t.length) return false
    if (level !== '+' && level !== t[i]) return false
  }
  return f.length === t.length
}

/** True when some topic matches both filters (then one connection could receive a message twice). */
export function filtersOverlap(a: string, b: string): boolean {
  const la = a.split('/')
  const lb = b.split('/')
  if (a.startsWith('$') !== b.startsWith('$')) {
    // A `$` topic is matched only by filters spelling its first level.
    const [dollar, other] = a.startsWith('$') ? [la, lb] : [lb, la]
    if (other[0] === '+' || other[0] === '#') return false
    if (dollar[0] === '+' || dollar[0] === '#') return false
  }
  const n = Math.max(la.length, lb.length)
  for (let i = 0; i < n; i++) {
    const x = la[i]
    const y = lb[i]
    if (x === '#' || y === '#') return true
    if (x === undefined || y === undefined) {
      // One filter is longer: they overlap only if the longer continues with exactly `#` (`a/#` matches `a`).
      const rest = (x === undefined ? lb : la).slice(i)
      return rest.length === 1 && rest[0] === '#'
    }
    if (x !== '+' && y !== '+' && x !== y) return false
  }
  return true
}
