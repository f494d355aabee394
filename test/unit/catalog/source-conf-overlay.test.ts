// The data folder's overlay over the read-only etc/ source files: how it is applied, and that saving a section
// writes only the overlay (etc/ bytes and mtime untouched even for root), records deletions of etc/'s sections and
// properties as null, and keeps the overlay's comments.

import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, beforeEach, describe, it } from 'node:test'
import {
  applyOverlay,
  overlayFile,
  readSourceSections,
  writeSourceSection,
} from '../../../src/catalog/source-conf-overlay.js'
import { loadSourceProfiles } from '../../../src/catalog/source-profiles.js'

const root = mkdtempSync(join(tmpdir(), 'kuiper-overlay-'))
after(() => {
  chmodSync(join(root, 'etc'), 0o755)
  chmodSync(join(root, 'etc', 'sources'), 0o755)
  rmSync(root, { recursive: true, force: true })
})

const ETC_MQTT = `# Global MQTT configurations
default:
  qos: 1
  servers: [tcp://127.0.0.1:1883]
  concurrency: 1

demo_conf: #Conf_key
  qos: 0
  servers: [tcp://127.0.0.1:1883]
`
const ETC_HTTPPULL = 'default:\n  url: http://localhost\n  headers:\n    Accept: application/json\n    X-A: a\n'

// etc/ as a read-only installation ships it: folders 0555, files 0444.
const etcDir = join(root, 'etc')
mkdirSync(join(etcDir, 'sources'), { recursive: true })
writeFileSync(join(etcDir, 'mqtt_source.yaml'), ETC_MQTT)
writeFileSync(join(etcDir, 'sources', 'httppull.yaml'), ETC_HTTPPULL)
const etcFiles = [join(etcDir, 'mqtt_source.yaml'), join(etcDir, 'sources', 'httppull.yaml')]
for (const f of etcFiles) chmodSync(f, 0o444)
chmodSync(join(etcDir, 'sources'), 0o555)
chmodSync(etcDir, 0o555)
const etcBefore = etcFiles.map((f) => ({ bytes: readFileSync(f), mtimeMs: statSync(f).mtimeMs }))

let dataDir = ''
let n = 0
beforeEach(() => {
  dataDir = join(root, `data${n++}`)
})
const dirs = () => ({ etcDir, dataDir })
const overlayText = (type: string) => readFileSync(overlayFile(dataDir, type), 'utf8')

/** Root can write a 0444 file, so read-only modes alone prove nothing: the bytes and mtime must not change. */
function assertEtcUntouched(): void {
  etcFiles.forEach((f, i) => {
    assert.deepEqual(readFileSync(f), etcBefore[i]!.bytes, `${f} changed`)
    assert.equal(statSync(f).mtimeMs, etcBefore[i]!.mtimeMs, `${f} was written`)
  })
}

describe('applyOverlay', () => {
  it('adds sections, overrides properties one by one, and removes what is null', () => {
    const etc = { default: { qos: 1, servers: ['a'], tags: { x: 1 } }, demo_conf: { qos: 0 }, gone: { a: 1 } }
    const overlay = { default: { qos: 2, servers: null, tags: { y: 2 } }, gone: null, mine: { a: 1 } }
    assert.deepEqual(applyOverlay(etc, overlay), {
      default: { qos: 2, tags: { y: 2 } },
      demo_conf: { qos: 0 },
      mine: { a: 1 },
    })
  })
})

describe('writeSourceSection', () => {
  it('adds a section to the overlay only, seen merged with etc/', () => {
    writeSourceSection(dirs(), 'mqtt', 'my_conf', { qos: 2, servers: ['tcp://127.0.0.1:1884'] })
    assertEtcUntouched()
    assert.equal(overlayFile(dataDir, 'mqtt'), join(dataDir, 'sources', 'mqtt_source.yaml'))
    assert.deepEqual(readSourceSections(dirs(), 'mqtt'), {
      default: { qos: 1, servers: ['tcp://127.0.0.1:1883'], concurrency: 1 },
      demo_conf: { qos: 0, servers: ['tcp://127.0.0.1:1883'] },
      my_conf: { qos: 2, servers: ['tcp://127.0.0.1:1884'] },
    })
    const profiles = loadSourceProfiles(etcDir, { dataDir, warn: assert.fail })
    assert.deepEqual(profiles.sourceProps('mqtt', 'my_conf'), {
      qos: 2,
      servers: ['tcp://127.0.0.1:1884'],
      concurrency: 1,
    })
  })

  it('writes only the properties that differ from etc/, and null for those of etc/ that are deleted', () => {
    writeSourceSection(dirs(), 'mqtt', 'default', { qos: 2, servers: ['tcp://127.0.0.1:1883'] })
    assertEtcUntouched()
    assert.match(overlayText('mqtt'), /^default:\n {2}qos: 2\n {2}concurrency: null\n$/m)
    assert.doesNotMatch(overlayText('mqtt'), /servers/)
    assert.deepEqual(loadSourceProfiles(etcDir, { dataDir }).sourceProps('mqtt'), {
      qos: 2,
      servers: ['tcp://127.0.0.1:1883'],
    })
    // Back to etc/'s value: the overlay needs nothing but the deletion.
    writeSourceSection(dirs(), 'mqtt', 'default', { qos: 1, servers: ['tcp://127.0.0.1:1883'] })
    assert.match(overlayText('mqtt'), /^default:\n {2}concurrency: null\n$/m)
  })

  it('records a deleted etc/ section as null, and a created-again one does not inherit etc/ properties', () => {
    writeSourceSection(dirs(), 'mqtt', 'demo_conf', undefined)
    assertEtcUntouched()
    assert.match(overlayText('mqtt'), /^demo_conf: null$/m)
    assert.deepEqual(Object.keys(readSourceSections(dirs(), 'mqtt')!), ['default'])
    const warnings: string[] = []
    const p = loadSourceProfiles(etcDir, { dataDir, warn: (m) => warnings.push(m) })
    assert.equal(p.sourceProps('mqtt', 'demo_conf')['qos'], 1)
    assert.match(warnings[0]!, /conf key demo_conf is not found/)

    writeSourceSection(dirs(), 'mqtt', 'demo_conf', { qos: 2 })
    assert.deepEqual(readSourceSections(dirs(), 'mqtt')!['demo_conf'], { qos: 2 })
  })

  it('drops an added section or property from the overlay when it is deleted again', () => {
    writeSourceSection(dirs(), 'mqtt', 'extra', { a: 1, b: 2 })
    writeSourceSection(dirs(), 'mqtt', 'extra', { a: 1 })
    assert.match(overlayText('mqtt'), /^extra:\n {2}a: 1\n$/m)
    writeSourceSection(dirs(), 'mqtt', 'extra', undefined)
    assert.doesNotMatch(overlayText('mqtt'), /extra/)
  })

  it('replaces a map property whole (a nested deletion writes the rest of the map)', () => {
    const section = readSourceSections(dirs(), 'httppull')!['default']!
    delete (section['headers'] as Record<string, unknown>)['X-A']
    writeSourceSection(dirs(), 'httppull', 'default', section)
    assertEtcUntouched()
    assert.equal(overlayFile(dataDir, 'httppull'), join(dataDir, 'sources', 'httppull.yaml'))
    assert.deepEqual(readSourceSections(dirs(), 'httppull'), {
      default: { url: 'http://localhost', headers: { Accept: 'application/json' } },
    })
  })

  it('keeps the comments of the overlay file when it saves a change', () => {
    mkdirSync(join(dataDir, 'sources'), { recursive: true })
    writeFileSync(
      overlayFile(dataDir, 'mqtt'),
      '# my broker settings\ndefault:\n  # the edge broker\n  qos: 2 # at least once is not enough\n\n# for the demo\nmine:\n  a: 1\n',
    )
    writeSourceSection(dirs(), 'mqtt', 'default', { qos: 0, servers: ['tcp://127.0.0.1:1883'], concurrency: 1 })
    writeSourceSection(dirs(), 'mqtt', 'mine', { a: 1, b: 'yes' })
    const text = overlayText('mqtt')
    for (const c of ['# my broker settings', '# the edge broker', '# at least once is not enough', '# for the demo']) {
      assert.ok(text.includes(c), `${c} lost:\n${text}`)
    }
    assert.deepEqual(readSourceSections(dirs(), 'mqtt')!['mine'], { a: 1, b: 'yes' })
    assert.equal(readSourceSections(dirs(), 'mqtt')!['default']!['qos'], 0)
    assertEtcUntouched()
  })

  it('reads a source type with only an overlay, and neither file as undefined', () => {
    writeSourceSection(dirs(), 'memory', 'demo_conf', { bufferLength: 10 })
    assert.deepEqual(readSourceSections(dirs(), 'memory'), { demo_conf: { bufferLength: 10 } })
    assert.equal(readSourceSections(dirs(), 'random'), undefined)
    assert.ok(!existsSync(join(etcDir, 'sources', 'memory.yaml')))
  })

  it('keeps a section named __proto__ an own section, not a prototype', () => {
    writeSourceSection(dirs(), 'mqtt', '__proto__', { qos: 2 })
    const sections = readSourceSections(dirs(), 'mqtt')!
    assert.ok(Object.hasOwn(sections, '__proto__'))
    assert.deepEqual(Object.getOwnPropertyDescriptor(sections, '__proto__')?.value, { qos: 2 })
    assert.equal(Object.getPrototypeOf(sections), Object.prototype)
    assert.equal(loadSourceProfiles(etcDir, { dataDir }).sourceProps('mqtt', '__proto__')['qos'], 2)
  })
})
