// The .deb: the staged tree with a DEBIAN/ folder (control, conffiles: everything in /etc/kuiper, the maintainer
// scripts), built by dpkg-deb with root as the owner of every file.

import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TargetArch } from './arch.js'
import { withSetup } from './maintainer-scripts.js'
import { run } from './run.js'
import { walk } from './stage.js'

export interface DebInput {
  readonly repo: string
  readonly stage: string
  readonly version: string
  readonly arch: TargetArch
  readonly outFile: string
}

export function control(version: string, arch: TargetArch, installedKiB: number): string {
  return [
    'Package: kuiper',
    `Version: ${version}`,
    `Architecture: ${arch.deb}`,
    'Maintainer: Kuiper developers <kuiper@localhost>',
    `Installed-Size: ${installedKiB}`,
    // The Node runtime is inside; it needs glibc 2.28 and libstdc++ (GCC 10's).
    'Depends: libc6 (>= 2.28), libstdc++6 (>= 10), passwd',
    'Section: net',
    'Priority: optional',
    'Homepage: https://github.com/lf-edge/ekuiper',
    'Description: IoT edge stream-processing engine (EMQ X Kuiper 1.0 compatible)',
    ' Kuiper processes IoT data streams at the edge with SQL rules: MQTT, EdgeX, HTTP,',
    ' files and more in; MQTT, REST, InfluxDB, files and more out. A drop-in',
    ' reimplementation of EMQ X Kuiper 1.0 in TypeScript, with its own Node.js runtime.',
    ' The kuiper service runs kuiperd as the kuiper user: configuration in /etc/kuiper,',
    ' data in /var/lib/kuiper, logs in /var/log/kuiper.',
    '',
  ].join('\n')
}

export function buildDeb(input: DebInput): void {
  const { repo, stage } = input
  const debian = join(stage, 'DEBIAN')
  mkdirSync(debian)
  try {
    const installedKiB = Number(run('du', ['-sk', '--apparent-size', stage]).split('\t')[0])
    writeFileSync(join(debian, 'control'), control(input.version, input.arch, installedKiB))
    const conffiles = walk(join(stage, 'etc/kuiper')).map((f) => `/etc/kuiper/${f}\n`)
    writeFileSync(join(debian, 'conffiles'), conffiles.join(''))
    for (const name of ['postinst', 'prerm', 'postrm']) {
      const script = readFileSync(join(repo, 'packaging/deb', name), 'utf8')
      writeFileSync(join(debian, name), name === 'postinst' ? withSetup(repo, script, '#@SETUP@') : script)
      chmodSync(join(debian, name), 0o755)
    }
    // gzip: every dpkg reads it, and it takes half a minute on two cores where xz (a third smaller) takes minutes.
    run('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z6', '--build', stage, input.outFile])
  } finally {
    rmSync(debian, { recursive: true, force: true })
  }
}
