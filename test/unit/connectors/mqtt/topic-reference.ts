// The MQTT matching rules (3.1.1 §4.7) written pairwise, one filter against one topic or one other filter: the
// reference the tests hold `TopicTrie` to (the trie answers the same questions for many filters at once).

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
