// An index of MQTT topic filters by level (a trie). A pooled connection keeps its filters here so that "does this
// new filter overlap one already subscribed?" and "which filter does this topic match?" cost the topic's depth (plus
// the wildcard branches met on the way) instead of a pass over every filter of the connection.
//
// Matching follows MQTT 3.1.1 §4.7: `+` is one whole level, `#` is the last level and also matches its parent
// (`a/#` matches `a`), and a topic whose first level starts with `$` is not matched by a leading `+` or `#`.

interface TrieNode<V> {
  children: Map<string, TrieNode<V>> | undefined
  /** Set when a filter ends at this node. */
  value: V | undefined
  terminal: boolean
  /** Filters ending at this node or below it. */
  count: number
}

function newNode<V>(): TrieNode<V> {
  return { children: undefined, value: undefined, terminal: false, count: 0 }
}

export class TopicTrie<V> {
  private readonly root: TrieNode<V> = newNode()
  /** Filters whose first level starts with `$` (a leading `#` does not overlap them). */
  private dollarCount = 0

  get size(): number {
    return this.root.count
  }

  /** The value stored for exactly this filter. */
  get(filter: string): V | undefined {
    let node: TrieNode<V> | undefined = this.root
    for (const level of filter.split('/')) {
      node = node.children?.get(level)
      if (node === undefined) return undefined
    }
    return node.terminal ? node.value : undefined
  }

  /** Stores `value` for `filter` (replacing the value of the same filter). */
  set(filter: string, value: V): void {
    const levels = filter.split('/')
    const path: TrieNode<V>[] = [this.root]
    let node = this.root
    for (const level of levels) {
      node.children ??= new Map()
      let next = node.children.get(level)
      if (next === undefined) {
        next = newNode()
        node.children.set(level, next)
      }
      node = next
      path.push(node)
    }
    if (!node.terminal) {
      for (const n of path) n.count++
      if (filter.startsWith('$')) this.dollarCount++
    }
    node.terminal = true
    node.value = value
  }

  /** Removes `filter`; false when it was not stored. Nodes left empty are dropped. */
  delete(filter: string): boolean {
    const levels = filter.split('/')
    const path: TrieNode<V>[] = [this.root]
    let node = this.root
    for (const level of levels) {
      const next = node.children?.get(level)
      if (next === undefined) return false
      node = next
      path.push(node)
    }
    if (!node.terminal) return false
    node.terminal = false
    node.value = undefined
    for (const n of path) n.count--
    if (filter.startsWith('$')) this.dollarCount--
    for (let i = levels.length; i > 0; i--) {
      if (path[i]!.count > 0) break
      const parent = path[i - 1]!
      parent.children!.delete(levels[i - 1]!)
      if (parent.children!.size === 0) parent.children = undefined
    }
    return true
  }

  /** The value of a stored filter matching the concrete `topic` (the first found when several match). */
  match(topic: string): V | undefined {
    const levels = topic.split('/')
    const found = this.matchFrom(this.root, levels, 0, levels[0]!.startsWith('$'))
    return found?.value
  }

  /** True when some topic matches both `filter` and a stored filter (MQTT wildcards on both sides). */
  overlaps(filter: string): boolean {
    const levels = filter.split('/')
    return this.overlapFrom(this.root, levels, 0, levels[0]!.startsWith('$'))
  }

  private matchFrom(node: TrieNode<V>, t: readonly string[], i: number, dollar: boolean): TrieNode<V> | undefined {
    const children = node.children
    if (i === t.length) {
      if (node.terminal) return node
      const hash = children?.get('#')
      return hash?.terminal === true ? hash : undefined
    }
    if (children === undefined) return undefined
    const wildOk = i > 0 || !dollar
    if (wildOk) {
      const hash = children.get('#')
      if (hash?.terminal === true) return hash
    }
    const exact = children.get(t[i]!)
    if (exact !== undefined) {
      const found = this.matchFrom(exact, t, i + 1, dollar)
      if (found !== undefined) return found
    }
    if (wildOk) {
      const plus = children.get('+')
      if (plus !== undefined) return this.matchFrom(plus, t, i + 1, dollar)
    }
    return undefined
  }

  /**
   * Whether the filter levels `f[i..]` overlap a filter stored at or below `node`. `dollar`: the query's first level
   * starts with `$`, so stored leading wildcards do not meet it (and, at the root, a query's leading wildcard does not
   * meet stored `$` filters).
   */
  private overlapFrom(node: TrieNode<V>, f: readonly string[], i: number, dollar: boolean): boolean {
    const children = node.children
    if (i === f.length) {
      // The query ends here: a filter ending here, or `here/#` (which matches its parent level).
      return node.terminal || children?.get('#')?.terminal === true
    }
    const q = f[i]!
    if (q === '#') {
      // Everything at or below this node, except `$` filters for a leading `#`.
      return (i === 0 ? node.count - this.dollarCount : node.count) > 0
    }
    if (children === undefined) return false
    const storedWildOk = i > 0 || !dollar
    if (storedWildOk) {
      if (children.get('#')?.terminal === true) return true
      const plus = children.get('+')
      if (plus !== undefined && this.overlapFrom(plus, f, i + 1, dollar)) return true
    }
    if (q === '+') {
      for (const [level, child] of children) {
        if (level === '#' || level === '+') continue
        if (i === 0 && level.startsWith('$')) continue
        if (this.overlapFrom(child, f, i + 1, dollar)) return true
      }
      return false
    }
    const exact = children.get(q)
    return exact !== undefined && this.overlapFrom(exact, f, i + 1, dollar)
  }
}
