// kuiperd started from a scratch root's installed files (its /usr/bin/kuiperd wrapper, the packaged Node runtime
// and /etc/kuiper), as the service runs it: as the package's kuiper user, in /var/lib/kuiper. With `readOnly`, in
// a mount namespace of its own where the whole root is a read-only bind mount but /var/lib/kuiper and
// /var/log/kuiper (kuiperd's data and log folders): the service's ProtectSystem=strict, or a read-only container.

import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { MQTT_SERVER } from '../services.js'

export interface InstalledKuiperd {
  readonly url: string
  readonly child: ChildProcess
  output(): string
  /** SIGTERM, then the exit code (SIGKILL after 20 s). */
  stop(): Promise<number | null>
}

export interface StartOptions {
  readonly root: string
  readonly port: number
  /** Run as this user (the package's kuiper user), as the unit's User= does. */
  readonly user?: { uid: number; gid: number }
  readonly readOnly?: boolean
  readonly env?: Readonly<Record<string, string>>
}

/** The shell lines that make `root` read-only but its data and log folders, inside `unshare --mount`. */
function readOnlyMounts(root: string): string {
  const q = (p: string): string => `'${p.replaceAll("'", `'\\''`)}'`
  return [
    `mount --bind ${q(root)} ${q(root)}`,
    ...['var/lib/kuiper', 'var/log/kuiper'].map((d) => `mount --bind ${q(join(root, d))} ${q(join(root, d))}`),
    `mount -o remount,ro,bind ${q(root)}`,
    // Proof that the root is read-only here, before kuiperd is started in it.
    `if touch ${q(join(root, 'etc/kuiper/.write-test'))} 2>/dev/null; then echo 'the root is writable' >&2; exit 97; fi`,
  ].join(' && ')
}

export function startInstalledKuiperd(o: StartOptions): InstalledKuiperd {
  let cmd = [join(o.root, 'usr/bin/kuiperd')]
  if (o.user) cmd = ['setpriv', `--reuid=${o.user.uid}`, `--regid=${o.user.gid}`, '--clear-groups', '--', ...cmd]
  if (o.readOnly)
    cmd = [
      'unshare',
      '--mount',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      `${readOnlyMounts(o.root)} && exec "$@"`,
      'sh',
      ...cmd,
    ]
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    KUIPER__BASIC__RESTIP: '127.0.0.1',
    KUIPER__BASIC__RESTPORT: String(o.port),
    KUIPER__BASIC__CONSOLELOG: 'true',
    MQTT_SOURCE__DEFAULT__SERVERS: `[${MQTT_SERVER}]`,
    ...o.env,
  }
  const child = spawn(cmd[0]!, cmd.slice(1), {
    cwd: join(o.root, 'var/lib/kuiper'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()))
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    url: `http://127.0.0.1:${o.port}`,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const code = await Promise.race([exited, sleep(20_000).then(() => 'timeout' as const)])
      if (code !== 'timeout') return code
      child.kill('SIGKILL')
      return exited
    },
  }
}

/** Whether this process may make mount namespaces with read-only bind mounts (root, with CAP_SYS_ADMIN). */
export function canMountReadOnly(): boolean {
  if (process.getuid?.() !== 0) return false
  const r = spawnSync(
    'unshare',
    ['--mount', '--propagation', 'private', '--', 'sh', '-c', 'mount -t tmpfs none /mnt'],
    { timeout: 10_000 },
  )
  return r.status === 0
}
