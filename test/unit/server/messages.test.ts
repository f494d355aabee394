import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { message } from '../../../src/server/context.js'
import type { ServerContext } from '../../../src/server/context.js'

function ctx(defaultLanguage: string): ServerContext {
  return {
    manager: undefined as never,
    version: 'x',
    startedAt: 0,
    now: () => 0,
    defaultLanguage,
    messages: {
      en_US: { source: { not_found_plugin: 'This plugin was not found: ' } },
      zh_CN: { source: { not_found_plugin: '没有找到该插件：' } },
    },
  }
}

describe('multilingual messages', () => {
  it('uses the request language, else the configured default, else English', () => {
    assert.equal(message(ctx('en_US'), 'zh_CN', 'source', 'not_found_plugin'), '没有找到该插件：')
    assert.equal(message(ctx('zh_CN'), undefined, 'source', 'not_found_plugin'), '没有找到该插件：')
    assert.equal(message(ctx('zh_CN'), 'fr_FR', 'source', 'not_found_plugin'), '没有找到该插件：')
    assert.equal(message(ctx('en_US'), 'en_US', 'source', 'not_found_plugin'), 'This plugin was not found: ')
    assert.equal(message(ctx('de_DE'), undefined, 'source', 'not_found_plugin'), 'This plugin was not found: ')
    assert.equal(message(ctx('en_US'), undefined, 'source', 'write_data_fail'), 'Failed to write data to file: ')
  })
})
