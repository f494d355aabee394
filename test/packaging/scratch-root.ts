// A scratch root to install the .deb into with `dpkg --root` (no chroot, no debootstrap): the few files of a base
// system the package's scripts touch (passwd, group, shadow, dpkg's database). The maintainer scripts run outside
// it (--force-script-chrootless) with DPKG_ROOT naming it, as Debian's chrootless bootstrap does.

import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface ScratchRoot {
  readonly dir: string
  /** dpkg --root=dir ... ; returns its output, throws with it when dpkg fails. */
  dpkg(args: readonly string[]): string
  /** The numeric ids of a user of the scratch root's /etc/passwd. */
  user(name: string): { uid: number; gid: number } | undefined
  remove(): void
}

const BASE_FILES: Readonly<Record<string, string>> = {
  'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n',
  'etc/group': 'root:x:0:\n',
  'etc/shadow': 'root:*:19000:0:99999:7:::\n',
  'etc/gshadow': 'root:*::\n',
  'var/lib/dpkg/status': '',
  'var/lib/dpkg/available': '',
}

/**
 * The host's dpkg status stanzas of `packages`: the scratch root stands on the host's base system (its libc, the
 * useradd the scripts run), so those packages are recorded as installed in it too, for the .deb's Depends.
 */
function hostStatus(packages: readonly string[]): string {
  const stanzas = readFileSync('/var/lib/dpkg/status', 'utf8').split(/\n\n+/)
  return stanzas
    .filter(
      (st) => packages.includes(/^Package: (.+)$/m.exec(st)?.[1] ?? '') && /^Status: install ok installed$/m.test(st),
    )
    .map((st) => st.trim() + '\n\n')
    .join('')
}

/** A scratch root whose dpkg database has the host's `baseSystem` packages installed (the .deb's dependencies). */
export function makeScratchRoot(baseSystem: readonly string[] = []): ScratchRoot {
  const dir = mkdtempSync(join(tmpdir(), 'kuiper-root-'))
  // Traversable by the kuiper user that kuiperd runs as, as / is.
  chmodSync(dir, 0o755)
  for (const d of ['etc', 'var/lib/dpkg/info', 'var/lib/dpkg/updates', 'var/lib/dpkg/triggers', 'var/log', 'tmp']) {
    mkdirSync(join(dir, d), { recursive: true })
  }
  for (const [f, content] of Object.entries(BASE_FILES)) writeFileSync(join(dir, f), content)
  writeFileSync(join(dir, 'var/lib/dpkg/status'), hostStatus(baseSystem))
  chmodSync(join(dir, 'etc/shadow'), 0o640)
  chmodSync(join(dir, 'etc/gshadow'), 0o640)
  return {
    dir,
    dpkg(args) {
      const notRoot = process.getuid?.() === 0 ? [] : ['--force-not-root']
      const r = spawnSync('dpkg', [`--root=${dir}`, '--force-script-chrootless', ...notRoot, ...args], {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      })
      const out = `${r.stdout ?? ''}${r.stderr ?? ''}`
      if (r.error || r.status !== 0)
        throw new Error(`dpkg ${args.join(' ')} failed (${r.error?.message ?? r.status}):\n${out}`)
      return out
    },
    user(name) {
      const line = readFileSync(join(dir, 'etc/passwd'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${name}:`))
      if (!line) return undefined
      const [, , uid, gid] = line.split(':')
      return { uid: Number(uid), gid: Number(gid) }
    },
    remove() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
