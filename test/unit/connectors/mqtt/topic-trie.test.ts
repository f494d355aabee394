import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { filtersOverlap, topicMatches } from './topic-reference.js'
import { TopicTrie } from '../../../../src/connectors/mqtt/topic-trie.js'

function trieOf(...filters: string[]): TopicTrie<string> {
  const t = new TopicTrie<string>()
  for (const f of filters) t.set(f, f)
  return t
}

/** A deterministic pseudo-random generator (mulberry32): the same filters on every run. */
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const LEVELS = ['a', 'b', '$SYS', '', 'c']

function randomFilter(next: () => number, wildcards: boolean): string {
  const depth = 1 + Math.floor(next() * 4)
  const out: string[] = []
  for (let i = 0; i < depth; i++) {
    const r = next()
    if (wildcards && i === depth - 1 && r < 0.15) out.push('#')
    else if (wildcards && r < 0.35) out.push('+')
    else {
      const l = LEVELS[Math.floor(next() * LEVELS.length)]!
      // `$` only makes sense as the first level's first character.
      out.push(i > 0 && l.startsWith('$') ? 'd' : l)
    }
  }
  return out.join('/')
}

describe('TopicTrie', () => {
  it('finds overlaps of single- and multi-level wildcards in either position', () => {
    const t = trieOf('a/b', 'x/+/z', 'm/#')
    assert.equal(t.overlaps('a/b'), true)
    assert.equal(t.overlaps('a/c'), false)
    assert.equal(t.overlaps('a/+'), true)
    assert.equal(t.overlaps('+/b'), true)
    assert.equal(t.overlaps('a/#'), true)
    assert.equal(t.overlaps('a'), false)
    assert.equal(t.overlaps('a/b/c'), false)
    assert.equal(t.overlaps('x/y/z'), true)
    assert.equal(t.overlaps('x/y/w'), false)
    assert.equal(t.overlaps('x/#'), true)
    // `m/#` matches its parent `m` and anything below.
    assert.equal(t.overlaps('m'), true)
    assert.equal(t.overlaps('m/n/o/p'), true)
    assert.equal(t.overlaps('+'), true)
    assert.equal(t.overlaps('#'), true)
    assert.equal(t.overlaps('q/#'), false)
  })

  it('keeps $ topics apart from leading wildcards, as the MQTT spec does', () => {
    const dollar = trieOf('$SYS/broker/load')
    assert.equal(dollar.overlaps('#'), false)
    assert.equal(dollar.overlaps('+/broker/load'), false)
    assert.equal(dollar.overlaps('$SYS/#'), true)
    assert.equal(dollar.overlaps('$SYS/+/load'), true)
    const wild = trieOf('#', '+/x')
    assert.equal(wild.overlaps('$SYS/x'), false)
    assert.equal(wild.overlaps('$SYS/#'), false)
    assert.equal(wild.match('$SYS/x'), undefined)
    assert.equal(wild.match('a/x'), '#')
    assert.equal(trieOf('+/x').match('$SYS/x'), undefined)
    assert.equal(trieOf('$SYS/+').match('$SYS/x'), '$SYS/+')
  })

  it('routes a topic to the filter matching it', () => {
    const t = trieOf('a/b', 'a/+/c', 'd/#', '+/e')
    assert.equal(t.match('a/b'), 'a/b')
    assert.equal(t.match('a/x/c'), 'a/+/c')
    assert.equal(t.match('a/x/d'), undefined)
    assert.equal(t.match('d'), 'd/#')
    assert.equal(t.match('d/1/2/3'), 'd/#')
    assert.equal(t.match('z/e'), '+/e')
    assert.equal(t.match('z/e/f'), undefined)
    assert.equal(t.match('a'), undefined)
    assert.equal(trieOf('+/+').match('a/'), '+/+')
  })

  it('forgets removed filters and keeps the others', () => {
    const t = trieOf('a/b/c', 'a/b', 'a/#', '$SYS/x')
    assert.equal(t.size, 4)
    assert.equal(t.delete('a/#'), true)
    assert.equal(t.delete('a/#'), false)
    assert.equal(t.delete('a/b/c/d'), false)
    assert.equal(t.size, 3)
    assert.equal(t.match('a/z'), undefined)
    assert.equal(t.overlaps('a/z'), false)
    assert.equal(t.overlaps('a/b/+'), true)
    assert.equal(t.delete('a/b/c'), true)
    assert.equal(t.overlaps('a/b/+'), false)
    assert.equal(t.get('a/b'), 'a/b')
    assert.equal(t.delete('a/b'), true)
    assert.equal(t.overlaps('#'), false)
    assert.equal(t.delete('$SYS/x'), true)
    assert.equal(t.size, 0)
    assert.equal(t.overlaps('$SYS/#'), false)
    t.set('a/b', 'again')
    assert.equal(t.match('a/b'), 'again')
  })

  it('answers overlaps as the pairwise check does, for random filters', () => {
    const next = rng(11)
    for (let round = 0; round < 200; round++) {
      const stored = new Set<string>()
      for (let i = 0; i < 6; i++) stored.add(randomFilter(next, true))
      const t = trieOf(...stored)
      for (let q = 0; q < 20; q++) {
        const query = randomFilter(next, true)
        const expected = [...stored].some((s) => filtersOverlap(s, query))
        assert.equal(t.overlaps(query), expected, `${query} against ${[...stored].join(' ')}`)
      }
    }
  })

  it('routes as topicMatches does, for random disjoint filters and topics', () => {
    const next = rng(29)
    for (let round = 0; round < 200; round++) {
      const t = new TopicTrie<string>()
      const stored: string[] = []
      for (let i = 0; i < 8; i++) {
        const f = randomFilter(next, true)
        if (t.overlaps(f)) continue
        t.set(f, f)
        stored.push(f)
      }
      for (let q = 0; q < 20; q++) {
        const topic = randomFilter(next, false)
        const expected = stored.find((f) => topicMatches(f, topic))
        assert.equal(t.match(topic), expected, `${topic} against ${stored.join(' ')}`)
      }
    }
  })
})
