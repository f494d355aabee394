import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, it } from 'node:test'
import { fetchArchive, isLocalAddress } from '../../src/plugins/fetch-archive.js'

const limits = { maxArchiveBytes: 1000, timeoutMs: 2000, allowLocalUrls: false }
const dir = mkdtempSync(join(tmpdir(), 'kuiper-fetch-'))

describe('fetchArchive', () => {
  it('tells loopback, link-local and unspecified addresses from others', () => {
    for (const a of [
      '127.0.0.1',
      '127.9.9.9',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      assert.equal(isLocalAddress(a), true, a)
    for (const a of ['10.0.0.1', '192.168.1.1', '8.8.8.8', '2001:db8::1', '::ffff:8.8.8.8'])
      assert.equal(isLocalAddress(a), false, a)
  })

  it('refuses http URLs reaching loopback or link-local hosts unless allowed', async () => {
    for (const url of [
      'http://127.0.0.1:1/p.zip',
      'http://[::1]:1/p.zip',
      'http://169.254.169.254/latest',
      'https://localhost/p.zip',
    ]) {
      await assert.rejects(
        fetchArchive(url, join(dir, 'x.zip'), limits),
        /reaches a loopback or link-local address .*plugins.allowLocalUrls/,
        url,
      )
    }
  })

  it('downloads with a size cap and a timeout when local URLs are allowed', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/big') res.end(Buffer.alloc(5000))
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 5000).unref()
      else res.end('small archive')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as { port: number }).port
    const open = { ...limits, allowLocalUrls: true, timeoutMs: 300 }
    try {
      await fetchArchive(`http://127.0.0.1:${port}/ok`, join(dir, 'ok.zip'), open)
      assert.equal(readFileSync(join(dir, 'ok.zip'), 'utf8'), 'small archive')
      await assert.rejects(
        fetchArchive(`http://127.0.0.1:${port}/big`, join(dir, 'big.zip'), open),
        /larger than 1000 bytes/,
      )
      await assert.rejects(
        fetchArchive(`http://127.0.0.1:${port}/slow`, join(dir, 'slow.zip'), open),
        /took longer than 300 ms \(plugins.fetchTimeout\)/,
      )
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })

  it('reads file URLs, refusing other schemes and files over the cap', async () => {
    const small = join(dir, 'small.zip')
    writeFileSync(small, 'zip')
    await fetchArchive(pathToFileURL(small).href, join(dir, 'copy.zip'), limits)
    assert.equal(readFileSync(join(dir, 'copy.zip'), 'utf8'), 'zip')
    const big = join(dir, 'big-file.zip')
    writeFileSync(big, Buffer.alloc(1001))
    await assert.rejects(fetchArchive(pathToFileURL(big).href, join(dir, 'c2.zip'), limits), /larger than 1000 bytes/)
    await assert.rejects(
      fetchArchive('ftp://example.com/p.zip', join(dir, 'c3.zip'), limits),
      /scheme must be file, http or https/,
    )
    await assert.rejects(
      fetchArchive(pathToFileURL(join(dir, 'none.zip')).href, join(dir, 'c4.zip'), limits),
      /cannot read plugin file/,
    )
  })
})
