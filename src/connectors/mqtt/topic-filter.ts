// MQTT topic filters as a DATASOURCE gives them: shared-subscription prefixes (`$share/<group>/`, `$queue/`) and the
// filter's validity. Matching and overlap are `TopicTrie`'s (topic-trie.ts), which indexes a connection's filters.

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
