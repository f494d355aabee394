import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseFilter } from '../../../../src/connectors/mqtt/topic-filter.js'
import { filtersOverlap, topicMatches } from './topic-reference.js'

describe('MQTT topic filters', () => {
  it('matches exact topics and single-level wildcards', () => {
    assert.equal(topicMatches('a/b', 'a/b'), true)
    assert.equal(topicMatches('a/b', 'a/c'), false)
    assert.equal(topicMatches('a/+/c', 'a/x/c'), true)
    assert.equal(topicMatches('a/+/c', 'a/x/d'), false)
    assert.equal(topicMatches('a/+', 'a/x/y'), false)
    assert.equal(topicMatches('+/+', 'a/'), true)
  })

  it('matches multi-level wildcards including the parent level', () => {
    assert.equal(topicMatches('a/#', 'a/b/c'), true)
    assert.equal(topicMatches('a/#', 'a'), true)
    assert.equal(topicMatches('#', 'x/y'), true)
    assert.equal(topicMatches('a/#', 'b/a'), false)
  })

  it('does not match $ topics with a leading wildcard', () => {
    assert.equal(topicMatches('#', '$SYS/x'), false)
    assert.equal(topicMatches('+/x', '$SYS/x'), false)
    assert.equal(topicMatches('$SYS/#', '$SYS/x'), true)
  })

  it('splits shared subscriptions into the subscribed and the matched filter', () => {
    assert.deepEqual(parseFilter('$share/g1/sensors/+'), {
      subscribe: '$share/g1/sensors/+',
      match: 'sensors/+',
      shared: true,
      wildcard: true,
    })
    assert.deepEqual(parseFilter('$queue/a'), { subscribe: '$queue/a', match: 'a', shared: true, wildcard: false })
  })

  it('subscribes plainly when sharedSubscription is false', () => {
    const f = parseFilter('$share/g1/a/b', false)
    assert.equal(f.subscribe, 'a/b')
    assert.equal(f.shared, false)
  })

  it('rejects malformed filters', () => {
    assert.throws(() => parseFilter('a/#/b'), /'#' must be the whole last level/)
    assert.throws(() => parseFilter('a/b+'), /'\+' must be a whole level/)
    assert.throws(() => parseFilter('$share/g1'), /invalid shared subscription/)
    assert.throws(() => parseFilter(''), /empty/)
  })

  it('detects filters that some topic matches both of', () => {
    assert.equal(filtersOverlap('a/b', 'a/c'), false)
    assert.equal(filtersOverlap('a/b', 'a/b'), true)
    assert.equal(filtersOverlap('a/+', 'a/b'), true)
    assert.equal(filtersOverlap('a/#', 'a'), true)
    assert.equal(filtersOverlap('a/#', 'b/#'), false)
    assert.equal(filtersOverlap('+/b', 'a/+'), true)
    assert.equal(filtersOverlap('a/b/c', 'a/b'), false)
    assert.equal(filtersOverlap('demo/r/1', 'demo/r/10'), false)
    assert.equal(filtersOverlap('#', '$SYS/x'), false)
  })
})
