// The shipped etc/ names only loopback hosts, comments included: a stream using a shipped section (demo_conf...)
// connects nowhere but this machine until the user configures it to (1.0 shipped a private 10.211.55.6).

import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, it } from 'node:test'
import { bundledEtcDir } from '../../../src/config/paths.js'

const etcDir = bundledEtcDir()

/** Not addresses a connector opens, each with its reason. */
const ALLOWED: readonly { readonly file: string; readonly value: string; readonly why: string }[] = [
  { file: 'kuiper.yaml', value: '0.0.0.0', why: 'restIp: the REST listen interface, not a host to connect to' },
  {
    file: 'kuiper.yaml',
    value: 'www.emqx.io',
    why: "pluginHosts: 1.0's plugin download site (plugin installs answer 501)",
  },
]

const IPV4 = /(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?![\w.])/g
const URL_HOST = /[a-z][a-z0-9+.-]*:\/\/(\[[^\]]*\]|[^/\s:,\]'"]+)/gi
const HOST_KEY = /^[\s#]*[\w-]*(?:host|server|ip|addr|address|broker)\s*:\s*([^\s#,[\]{}'"]+)/i

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h)
}

/** Every host-like value of a file: IPv4 literals, URL hosts and the values of host/server/ip keys. */
function hostsIn(text: string): string[] {
  const hosts: string[] = []
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(IPV4)) hosts.push(m[1]!)
    for (const m of line.matchAll(URL_HOST)) hosts.push(m[1]!)
    const k = HOST_KEY.exec(line)
    if (k !== null && !k[1]!.includes('://')) hosts.push(k[1]!)
  }
  return [...new Set(hosts)]
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  )
}

describe('the shipped etc/', () => {
  it('finds the hosts a file names (the scan itself)', () => {
    assert.deepEqual(
      hostsIn(
        'demo:\n  servers: [tcp://10.211.55.6:1883, tcp://127.0.0.1]\n#  server: broker.lan\n  ip: 192.168.1.2\n',
      ),
      ['10.211.55.6', '127.0.0.1', 'broker.lan', '192.168.1.2'],
    )
  })

  it('names no host but loopback ones, comments included', () => {
    const found: string[] = []
    for (const file of filesUnder(etcDir)) {
      const name = relative(etcDir, file)
      for (const host of hostsIn(readFileSync(file, 'utf8'))) {
        if (isLoopback(host) || ALLOWED.some((a) => a.file === name && a.value === host)) continue
        found.push(`${name}: ${host}`)
      }
    }
    assert.deepEqual(found, [])
  })
})
