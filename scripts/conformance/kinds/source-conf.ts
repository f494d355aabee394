// `source_conf` cases (FORMAT.md §11.8): the properties a source opens with, read from its configuration file in a
// temporary etc folder through the real loader, Go-typed (YAML integers as Go int) and compared with DeepEqual.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { loadSourceProfiles, mergeSourceConf, parseSourceYaml } from '../../../src/catalog/source-profiles.js'
import type { Value } from '../../../src/core/value.js'
import { deepEqualGo, goValueAt, jsonAt, jsonRoundtripDiff } from '../go-values.js'
import type { CaseOutcome, KindHandler } from '../types.js'

export const sourceConfHandler: KindHandler = (c): CaseOutcome => {
  const options = jsonAt(c, '/options') as Readonly<Record<string, string>>
  const type = (options['TYPE'] ?? 'mqtt').toLowerCase()
  const confKey = options['CONF_KEY']
  const file = String(jsonAt(c, '/conf_file'))
  const yaml = String(jsonAt(c, '/conf_yaml'))
  // Go typing: integers stay Go int.
  const typed = mergeSourceConf(parseSourceYaml(yaml, { goInts: true }), confKey)
  const d = deepEqualGo(typed as Value, goValueAt(c, '/expected/props'))
  if (d !== undefined) return { status: 'fail', diff: d }
  // The loader kuiperd uses, from a real folder.
  const etc = mkdtempSync(join(tmpdir(), 'kuiper-conf-'))
  try {
    mkdirSync(dirname(join(etc, file)), { recursive: true })
    writeFileSync(join(etc, file), yaml)
    const props = loadSourceProfiles(etc, { warn: () => {} }).sourceProps(type, confKey)
    const d2 = jsonRoundtripDiff(props as Value, jsonAt(c, '/expected/props'))
    return d2 === undefined ? { status: 'pass' } : { status: 'fail', diff: `loader: ${d2}` }
  } finally {
    rmSync(etc, { recursive: true, force: true })
  }
}
