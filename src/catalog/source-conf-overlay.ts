// Source settings changed through the REST API (/metadata/sources/<type>/confKeys) live in the data folder, as an
// overlay over the read-only etc/ file: `<dataDir>/sources/mqtt_source.yaml` over `etc/mqtt_source.yaml`,
// `<dataDir>/sources/<type>.yaml` over `etc/sources/<type>.yaml`. etc/ is never written (1.0 starts on a read-only
// filesystem), so an upgrade's new etc/ defaults still show through wherever the user changed nothing.
//
// The overlay has the shape of the etc file and is applied at two levels, sections and their properties:
//   mysection:           a section absent from etc/ is added; one in etc/ gets its properties overridden one by one
//     qos: 2             a property replaces etc/'s value whole (a map or list is not merged into etc/'s)
//     servers: null      null removes the property of etc/ (a source property is never null: null means "not set")
//   demo_conf: null      null removes the whole section of etc/
// Edits go through the yaml Document API, so the comments of the overlay file are kept.

import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import type { Document } from 'yaml'
import { isMap, isNode, isScalar, parse, parseDocument } from 'yaml'
import { isPlainObject, setOwn } from '../core/maps.js'

export type SourceSection = Record<string, unknown>
export type SourceSections = Record<string, SourceSection>

/** Where a source type's settings are read: etc/ (read-only) and the data folder (the API's changes). */
export interface SourceConfDirs {
  readonly etcDir?: string | undefined
  readonly dataDir?: string | undefined
}

const YAML_OPTIONS = { version: '1.1', merge: true } as const

const OVERLAY_HEADER =
  ' Source settings saved through the REST API (/metadata/sources/<type>/confKeys), applied over the etc/ file of\n' +
  ' the same name. A property set to null removes it from etc/; a section set to null removes the whole section.'

/** The configuration file of a source type, relative to the etc folder (1.0 source_node.go getConf). */
export function sourceConfFile(type: string): string {
  return type === 'mqtt' ? 'mqtt_source.yaml' : join('sources', `${type}.yaml`)
}

/** The overlay file of a source type in the data folder. */
export function overlayFile(dataDir: string, type: string): string {
  return join(dataDir, 'sources', basename(sourceConfFile(type)))
}

/** The sections of etc/ with the overlay applied (both as parsed by parseSourceYaml). */
export function applyOverlay(
  etc: Readonly<Record<string, unknown>>,
  overlay: Readonly<Record<string, unknown>>,
): SourceSections {
  const out: SourceSections = {}
  for (const [k, s] of Object.entries(etc)) setOwn(out, k, isPlainObject(s) ? { ...s } : {})
  for (const [k, s] of Object.entries(overlay)) {
    if (!isPlainObject(s)) {
      delete out[k]
      continue
    }
    const section: SourceSection = Object.hasOwn(out, k) ? out[k]! : setOwn<SourceSection>(out, k, {})
    for (const [p, v] of Object.entries(s)) {
      if (v === null) delete section[p]
      else setOwn<unknown>(section, p, v)
    }
  }
  return out
}

/**
 * The sections a source of `type` is configured with: etc/ with the data folder's overlay applied. Undefined when
 * neither file exists; throws when one cannot be parsed.
 */
export function readSourceSections(dirs: SourceConfDirs, type: string): SourceSections | undefined {
  const etcPath = dirs.etcDir !== undefined ? join(dirs.etcDir, sourceConfFile(type)) : undefined
  const overlayPath = dirs.dataDir !== undefined ? overlayFile(dirs.dataDir, type) : undefined
  // Every rule start reads its source's files (1.0 does, so hand edits count); parsing them is what costs, so the
  // merged sections are kept while neither file changes (size, mtime and inode: saves replace the file).
  const key = `${etcPath ?? ''}\0${overlayPath ?? ''}`
  const stamp = currentStamp(key, etcPath, overlayPath)
  const cached = parsedSections.get(key)
  if (cached !== undefined && cached.stamp === stamp) return cached.sections && structuredClone(cached.sections)
  const etc = readYamlFile(etcPath)
  const overlay = readYamlFile(overlayPath)
  const sections =
    etc === undefined && overlay === undefined
      ? undefined
      : applyOverlay(parseSourceYaml(etc ?? ''), parseSourceYaml(overlay ?? ''))
  // A file changed within the clock's granularity could change again unseen under the same stamp (racy-git's
  // problem): only settled files are cached.
  if (!stamp.includes('racy')) parsedSections.set(key, { stamp, sections })
  // Callers edit what they get (environment overrides): each gets its own copy.
  return sections && structuredClone(sections)
}

const parsedSections = new Map<string, { readonly stamp: string; readonly sections: SourceSections | undefined }>()

/** The files' stamps kept while statOnce runs (undefined otherwise: every read stats the files). */
let stampsNow: Map<string, string> | undefined

/**
 * Runs `f` (synchronous) with each source file statted at most once: a restore starts 100 rules at a time, and
 * statting both files for each rule was a twentieth of its CPU. A file edited while `f` runs shows at the next read
 * after it, as it would have a moment later.
 */
export function statOnce<T>(f: () => T): T {
  if (stampsNow !== undefined) return f()
  stampsNow = new Map()
  try {
    return f()
  } finally {
    stampsNow = undefined
  }
}

function currentStamp(key: string, etcPath: string | undefined, overlayPath: string | undefined): string {
  let stamp = stampsNow?.get(key)
  if (stamp === undefined) {
    stamp = `${fileStamp(etcPath)}\0${fileStamp(overlayPath)}`
    stampsNow?.set(key, stamp)
  }
  return stamp
}

function fileStamp(file: string | undefined): string {
  if (file === undefined) return '-'
  const st = statSync(file, { bigint: true, throwIfNoEntry: false })
  if (st === undefined) return '-'
  const racy = Date.now() - Number(st.mtimeMs) < 2000 ? ':racy' : ''
  return `${st.size}:${st.mtimeNs}:${st.ino}${racy}`
}

/**
 * Makes section `key` of the merged view equal `section` (undefined deletes it) by editing the overlay only where
 * the merged view differs: a property back to etc/'s value leaves the overlay, one etc/ has and `section` lacks is
 * written as null, and so is a deleted section of etc/. Null properties of `section` count as absent.
 */
export function writeSourceSection(
  dirs: SourceConfDirs & { readonly dataDir: string },
  type: string,
  key: string,
  section: Readonly<SourceSection> | undefined,
): void {
  const file = overlayFile(dirs.dataDir, type)
  const etcText = readYamlFile(dirs.etcDir !== undefined ? join(dirs.etcDir, sourceConfFile(type)) : undefined)
  const etc = parseSourceYaml(etcText ?? '')
  const etcSection = Object.hasOwn(etc, key) ? (isPlainObject(etc[key]) ? etc[key] : {}) : undefined
  const doc = overlayDocument(readYamlFile(file))
  const overlay = parseSourceYaml(String(doc))

  if (section === undefined) {
    if (etcSection !== undefined) setValue(doc, [key], null)
    else doc.delete(key)
  } else {
    let current: SourceSection
    if (isPlainObject(own(overlay, key))) current = own(applyOverlay({ [key]: etcSection ?? {} }, overlay), key) ?? {}
    else {
      // No overlay section yet, or a deleted one being created again: start from etc/'s section.
      setValue(doc, [key], {})
      current = { ...etcSection }
    }
    for (const p of new Set([...Object.keys(current), ...Object.keys(section)])) {
      const want = own(section, p) ?? undefined
      if (isDeepStrictEqual(own(current, p), want)) continue
      const inEtc = etcSection !== undefined && Object.hasOwn(etcSection, p)
      if (want === undefined) {
        if (inEtc) setValue(doc, [key, p], null)
        else doc.deleteIn([key, p])
      } else if (inEtc && isDeepStrictEqual(own(etcSection, p), want)) doc.deleteIn([key, p])
      else setValue(doc, [key, p], want)
    }
  }
  mkdirSync(dirname(file), { recursive: true })
  // Written aside and renamed, so a crash never leaves half a file for the next start to choke on.
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, String(doc))
  renameSync(tmp, file)
  stampsNow?.clear()
}

/**
 * Parses a source yaml as 1.0's yaml.v2 does (YAML 1.1: `yes`/`on` are booleans). Integers are JS numbers, or
 * bigint (Go int) with `goInts`. Throws when the file is not a map of sections.
 */
export function parseSourceYaml(text: string, opts: { goInts?: boolean } = {}): Record<string, unknown> {
  const v: unknown = parse(text, { ...YAML_OPTIONS, intAsBigInt: opts.goInts === true })
  if (v === null || v === undefined) return {}
  if (!isPlainObject(v)) throw new Error('the file must be a map of sections')
  for (const [k, section] of Object.entries(v)) {
    if (section !== null && !isPlainObject(section)) throw new Error(`section ${k} is not a map`)
  }
  return v
}

function overlayDocument(text: string | undefined): Document {
  const doc: Document = parseDocument(text ?? '', YAML_OPTIONS)
  if (doc.errors.length > 0) throw doc.errors[0]!
  if (doc.contents === null) {
    doc.contents = doc.createNode({})
    if (text === undefined) doc.commentBefore = OVERLAY_HEADER
  }
  if (!isMap(doc.contents)) throw new Error('the source overlay file must be a map of sections')
  return doc
}

/** Sets the value at `path`, keeping the comments of the node it replaces. */
function setValue(doc: Document, path: readonly string[], value: unknown): void {
  const old: unknown = doc.getIn(path, true)
  if (isScalar(old) && (value === null || typeof value !== 'object')) {
    old.value = value
    return
  }
  const next = doc.createNode(value)
  if (isNode(old)) {
    if (old.comment !== undefined) next.comment = old.comment
    if (old.commentBefore !== undefined) next.commentBefore = old.commentBefore
  }
  doc.setIn(path, next)
}

/** `obj[key]` when it is obj's own (never Object.prototype for `__proto__`). */
function own<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined
}

function readYamlFile(file: string | undefined): string | undefined {
  return file !== undefined && existsSync(file) ? readFileSync(file, 'utf8') : undefined
}
