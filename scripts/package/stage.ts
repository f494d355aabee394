// Lays out the installed file tree both packages ship, 1.0's layout:
//   /usr/lib/kuiper            the program: dist/, bin/, node_modules/, package.json, node/bin/node (the runtime),
//                              and the links etc, data, log, plugins that kuiperd finds from KuiperBaseKey
//   /usr/bin/kuiperd, kuiper   wrappers running the program with the packaged runtime
//   /etc/kuiper                the configuration (conffiles)
//   /usr/lib/systemd/system/kuiper.service
//   /usr/share/doc/kuiper      copyright, README.md, install.md
// /var/lib/kuiper/{data,plugins} and /var/log/kuiper are made by the maintainer scripts, owned by the kuiper user.

import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import type { Dirent } from 'node:fs'
import { dirname, join } from 'node:path'
import { run } from './run.js'

/** Where the program's links lead, relative to /usr/lib/kuiper so that they hold in any root (a chroot, dpkg --root). */
export const PROGRAM_LINKS: Readonly<Record<string, string>> = {
  etc: '../../../etc/kuiper',
  data: '../../../var/lib/kuiper/data',
  log: '../../../var/log/kuiper',
  plugins: '../../../var/lib/kuiper/plugins',
}

export interface StageInput {
  readonly repo: string
  /** The empty folder to lay the tree out in (it becomes the package's root). */
  readonly stage: string
  readonly version: string
  /** node-linux-<arch>'s folder. */
  readonly runtime: string
  /** The production node_modules built for that runtime. */
  readonly modules: string
}

function copyInto(from: string, to: string, mode?: number): void {
  mkdirSync(dirname(to), { recursive: true })
  copyFileSync(from, to)
  if (mode !== undefined) chmodSync(to, mode)
}

const COPYRIGHT = `Kuiper: an IoT edge stream-processing engine, a reimplementation of EMQ X Kuiper 1.0.
License: Apache-2.0 (/usr/share/common-licenses/Apache-2.0 on Debian).

/usr/lib/kuiper/node: Node.js, MIT and the licences of its parts: /usr/lib/kuiper/node/LICENSE.
/usr/lib/kuiper/node_modules: the npm packages Kuiper runs on, each under the licence in its folder.
`

export function stageTree(input: StageInput): void {
  const { repo, stage, version } = input
  const lib = join(stage, 'usr/lib/kuiper')
  mkdirSync(lib, { recursive: true })

  // The compiled program, without declarations or source maps (no sources are shipped to map to).
  run(process.execPath, [
    join(repo, 'node_modules/typescript/bin/tsc'),
    ...[
      '-p',
      join(repo, 'tsconfig.build.json'),
      '--outDir',
      join(lib, 'dist'),
      '--declaration',
      'false',
      '--sourceMap',
      'false',
    ],
  ])
  // The web console, bundled into the program's dist/console/ (served at /console/; nothing fetched at run time).
  run(process.execPath, [join(repo, 'scripts/build-console.mjs'), join(lib, 'dist/console')])
  for (const f of [
    'kuiperd',
    'kuiperd.js',
    'kuiper',
    'kuiper.js',
    'kuiper-kubernetes-tool',
    'kuiper-kubernetes-tool.js',
    'dist.js',
  ])
    copyInto(join(repo, 'bin', f), join(lib, 'bin', f), 0o755)
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Record<string, unknown>
  const shipped = {
    name: pkg['name'],
    version,
    description: pkg['description'],
    type: pkg['type'],
    license: pkg['license'],
    dependencies: pkg['dependencies'],
  }
  writeFileSync(join(lib, 'package.json'), JSON.stringify(shipped, null, 2) + '\n')
  cpSync(input.modules, join(lib, 'node_modules'), { recursive: true, verbatimSymlinks: true })
  copyInto(join(input.runtime, 'bin/node'), join(lib, 'node/bin/node'), 0o755)
  copyInto(join(input.runtime, 'LICENSE'), join(lib, 'node/LICENSE'))
  for (const [name, target] of Object.entries(PROGRAM_LINKS)) symlinkSync(target, join(lib, name))

  for (const f of ['kuiperd', 'kuiper', 'kuiper-kubernetes-tool'])
    copyInto(join(repo, 'packaging/bin', f), join(stage, 'usr/bin', f), 0o755)
  cpSync(join(repo, 'etc'), join(stage, 'etc/kuiper'), { recursive: true })
  copyInto(join(repo, 'packaging/systemd/kuiper.service'), join(stage, 'usr/lib/systemd/system/kuiper.service'), 0o644)
  const doc = join(stage, 'usr/share/doc/kuiper')
  mkdirSync(doc, { recursive: true })
  writeFileSync(join(doc, 'copyright'), COPYRIGHT)
  copyInto(join(repo, 'README.md'), join(doc, 'README.md'))
  copyInto(join(repo, 'docs/install.md'), join(doc, 'install.md'))
}

/** Every file under `dir`, as paths relative to it, sorted; folders listed with a trailing slash when `dirs`. */
export function walk(dir: string, dirs = false, prefix = ''): string[] {
  const out: string[] = []
  for (const e of readdirSorted(dir)) {
    const rel = prefix + e.name
    if (e.isDirectory()) {
      if (dirs) out.push(rel + '/')
      out.push(...walk(join(dir, e.name), dirs, rel + '/'))
    } else out.push(rel)
  }
  return out
}

function readdirSorted(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
