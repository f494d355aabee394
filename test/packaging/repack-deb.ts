// A later version of a built .deb for the upgrade test: the same files under a higher version, with `edit` applied
// to the unpacked tree first (e.g. a changed default configuration, as a new release ships).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from '../../scripts/package/run.js'

export function repackDeb(deb: string, version: string, outFile: string, edit: (tree: string) => void): void {
  const work = mkdtempSync(join(tmpdir(), 'kuiper-repack-'))
  try {
    const tree = join(work, 'tree')
    run('dpkg-deb', ['--raw-extract', deb, tree])
    const control = join(tree, 'DEBIAN/control')
    writeFileSync(control, readFileSync(control, 'utf8').replace(/^Version: .*$/m, `Version: ${version}`))
    edit(tree)
    // Uncompressed: it is only installed here.
    run('dpkg-deb', ['--root-owner-group', '-Znone', '--build', tree, outFile])
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
