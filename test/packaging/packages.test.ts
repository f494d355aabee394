// The .deb and .rpm of `npm run package`, checked by doing what an administrator does: the .deb installed into a
// scratch root (dpkg --root), kuiperd started from the installed files as the kuiper user answering the quick
// start, also with everything but its data and log folders read-only; an upgrade keeping a changed kuiper.yaml
// and the data; remove keeping the data, purge deleting it; the unit accepted by systemd-analyze; the .rpm's files
// and scripts. The packages are built once (cached by input hash: seconds after `npm run package`, a few minutes
// on a fresh machine). Runs as root, as the suite does on CI: dpkg's scripts chown, kuiperd runs as the kuiper user.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildPackages } from '../../scripts/package/build.js'
import type { BuiltPackages } from '../../scripts/package/build.js'
import { rpmVersion } from '../../scripts/package/rpm.js'
import { PROGRAM_LINKS } from '../../scripts/package/stage.js'
import { freePort } from '../services.js'
import { canMountReadOnly, startInstalledKuiperd } from './installed-kuiperd.js'
import type { InstalledKuiperd } from './installed-kuiperd.js'
import { rest, runQuickStart, waitUntilUp } from './quick-start.js'
import { makeScratchRoot } from './scratch-root.js'
import type { ScratchRoot } from './scratch-root.js'
import { repackDeb } from './repack-deb.js'

const repo = join(import.meta.dirname, '../..')

function sh(cmd: string, args: readonly string[]): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 })
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` }
}

/** Runs the quick start on a kuiperd of the scratch root; stops it; shows its output when something failed. */
async function withKuiperd<T>(k: InstalledKuiperd, body: () => Promise<T>): Promise<T> {
  try {
    await waitUntilUp(k.url)
    return await body()
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nkuiperd output:\n${k.output()}`)
  } finally {
    const code = await k.stop()
    assert.equal(code, 0, `kuiperd exits 0 on SIGTERM:\n${k.output()}`)
  }
}

describe('the packages of npm run package', { timeout: 15 * 60_000 }, () => {
  let built: BuiltPackages
  let out: string
  before(() => {
    out = mkdtempSync(join(tmpdir(), 'kuiper-packages-'))
    built = buildPackages({ repo, outDir: out, log: (l) => console.error(`package: ${l}`) })
    console.error(`package: ${built.cached ? 'from the cache' : 'built'} in ${built.seconds.toFixed(0)} s`)
  })
  after(() => rmSync(out, { recursive: true, force: true }))

  describe('the .deb in a scratch root', () => {
    let root: ScratchRoot
    before(() => {
      // The packages the .deb depends on (libc6, libstdc++6, passwd), from its control file.
      root = makeScratchRoot(
        sh('dpkg-deb', ['--field', built.deb, 'Depends'])
          .out.split(',')
          .map((d) => d.trim().split(' ')[0]!),
      )
      root.dpkg(['--install', built.deb])
    })
    after(() => root.remove())

    it('installs 1.0 layout: program, commands on the PATH, configuration, unit, user and folders', () => {
      const r = root.dir
      assert.ok(existsSync(join(r, 'usr/lib/kuiper/dist/main.js')))
      // The web console, built into the program (served at /console/, nothing fetched from the internet).
      const consoleDir = join(r, 'usr/lib/kuiper/dist/console')
      assert.match(readFileSync(join(consoleDir, 'index.html'), 'utf8'), /\/console\/assets\/main-\w+\.js/)
      assert.ok(readdirSync(join(consoleDir, 'assets')).some((f) => /^main-\w+\.css$/.test(f)))
      for (const f of [
        'usr/lib/kuiper/node/bin/node',
        'usr/bin/kuiperd',
        'usr/bin/kuiper',
        'usr/bin/kuiper-kubernetes-tool',
      ]) {
        assert.ok(statSync(join(r, f)).mode & 0o111, `${f} is executable`)
      }
      // The Kubernetes tool runs from the installed files on the shipped runtime: it reaches its configuration step.
      const tool = spawnSync(join(r, 'usr/bin/kuiper-kubernetes-tool'), [join(r, 'nonexistent/cf.yaml')], {
        encoding: 'utf8',
        timeout: 20_000,
      })
      assert.equal(tool.status, 1, tool.stderr)
      assert.match(tool.stderr, /cannot read the configuration file .*cf\.yaml/)
      assert.ok(existsSync(join(r, 'usr/lib/kuiper/node_modules/better-sqlite3/build/Release/better_sqlite3.node')))
      assert.ok(existsSync(join(r, 'etc/kuiper/kuiper.yaml')))
      assert.ok(existsSync(join(r, 'usr/lib/systemd/system/kuiper.service')))
      for (const [name, target] of Object.entries(PROGRAM_LINKS)) {
        assert.equal(readlinkSync(join(r, 'usr/lib/kuiper', name)), target)
      }
      const user = root.user('kuiper')
      assert.ok(user, 'the kuiper user is in /etc/passwd')
      assert.ok(user.uid > 0 && user.uid < 1000, `kuiper is a system user (uid ${user.uid})`)
      for (const d of ['var/lib/kuiper', 'var/lib/kuiper/data', 'var/lib/kuiper/plugins', 'var/log/kuiper']) {
        const s = statSync(join(r, d))
        assert.ok(s.isDirectory(), d)
        assert.equal(s.uid, user.uid, `${d} belongs to kuiper`)
      }
      const conffiles = readFileSync(join(r, 'var/lib/dpkg/info/kuiper.conffiles'), 'utf8').split('\n')
      assert.ok(conffiles.includes('/etc/kuiper/kuiper.yaml') && conffiles.includes('/etc/kuiper/sources/zmq.yaml'))
      assert.ok(
        lstatSync(join(r, 'etc/systemd/system/multi-user.target.wants/kuiper.service')).isSymbolicLink(),
        'the service is enabled',
      )
      // The shipped runtime is what runs: this machine's node may be another line.
      const v = sh(join(r, 'usr/lib/kuiper/node/bin/node'), ['--version'])
      assert.equal(v.out.trim(), `v${built.nodeVersion}`)
    })

    it('systemd-analyze verify accepts the unit', () => {
      // The targets the unit is ordered against come from the base system, as on a real machine: the host's.
      const units = join(root.dir, 'usr/lib/systemd/system')
      for (const f of readdirSync('/usr/lib/systemd/system').filter((u) => u.endsWith('.target'))) {
        if (!existsSync(join(units, f)))
          cpSync(join('/usr/lib/systemd/system', f), join(units, f), { dereference: true })
      }
      const r = sh('systemd-analyze', ['verify', `--root=${root.dir}`, '/usr/lib/systemd/system/kuiper.service'])
      // A setting it does not understand is only a warning: the output must be empty too.
      assert.deepEqual(r, { status: 0, out: '' })
      const unit = readFileSync(join(root.dir, 'usr/lib/systemd/system/kuiper.service'), 'utf8')
      for (const line of [
        'Restart=on-failure',
        'ProtectSystem=strict',
        'ReadWritePaths=/var/lib/kuiper /var/log/kuiper',
        'NoNewPrivileges=yes',
        'User=kuiper',
      ]) {
        assert.ok(unit.split('\n').includes(line), line)
      }
    })

    it('runs the quick start from the installed files as the kuiper user, with the packaged configuration', async () => {
      const port = await freePort()
      const k = startInstalledKuiperd({ root: root.dir, port, user: root.user('kuiper')! })
      const result = await withKuiperd(k, async () => {
        const ping = await fetch(`${k.url}/ping`)
        assert.equal(ping.status, 200)
        // The image's HEALTHCHECK script says the same.
        const hc = spawnSync(process.execPath, [join(repo, 'packaging/docker/healthcheck.mjs')], {
          env: { ...process.env, KUIPER__BASIC__RESTPORT: String(port) },
          encoding: 'utf8',
        })
        assert.equal(hc.status, 0, hc.stderr)
        const result = await runQuickStart(k.url, `kuiper-deb/${process.pid}`)
        // The packaged command-line client, with the packaged runtime, sees the rule.
        const cli = spawnSync(join(root.dir, 'usr/bin/kuiper'), ['--port', String(port), 'show', 'rules'], {
          encoding: 'utf8',
          env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
          timeout: 30_000,
        })
        assert.equal(cli.status, 0, cli.stderr)
        assert.match(cli.stdout, /"id": "rule1"/)
        return result
      })
      assert.deepEqual(result, [{ temperature: 40, humidity: 20 }])
      assert.ok(existsSync(join(root.dir, 'var/lib/kuiper/data/sqliteKV.db')), 'the store is in /var/lib/kuiper/data')
      assert.match(
        readFileSync(join(root.dir, 'var/log/kuiper/stream.log'), 'utf8'),
        /kuiperd/,
        'the log is in /var/log/kuiper',
      )
    })

    it('runs with the program and /etc read-only, only the data and log folders writable', async () => {
      const port = await freePort()
      // Modes do not stop root, nor the scripts' chown a non-root dpkg: a read-only bind mount does (tests run as root).
      assert.ok(canMountReadOnly(), 'read-only bind mounts in a mount namespace of its own (root, CAP_SYS_ADMIN)')
      const etcBefore = readFileSync(join(root.dir, 'etc/kuiper/mqtt_source.yaml'), 'utf8')
      const k = startInstalledKuiperd({ root: root.dir, port, user: root.user('kuiper')!, readOnly: true })
      await withKuiperd(k, async () => {
        // rule1 from the test before is restored from the store, its stream with it.
        await rest(k.url, 'DELETE', '/rules/rule1')
        await rest(k.url, 'DELETE', '/streams/demo')
        assert.deepEqual(await runQuickStart(k.url, `kuiper-ro/${process.pid}`), [{ temperature: 40, humidity: 20 }])
        // Source settings saved over REST go to the data folder, never etc/.
        const r = await rest(k.url, 'POST', '/metadata/sources/mqtt/confKeys/ro_test', { qos: 1 })
        assert.equal(r.status, 200, r.text)
      })
      assert.equal(readFileSync(join(root.dir, 'etc/kuiper/mqtt_source.yaml'), 'utf8'), etcBefore)
      assert.match(readFileSync(join(root.dir, 'var/lib/kuiper/data/sources/mqtt_source.yaml'), 'utf8'), /ro_test/)
    })
    it('upgrades keeping a changed /etc/kuiper/kuiper.yaml and the data', async () => {
      const conf = join(root.dir, 'etc/kuiper/kuiper.yaml')
      const mine =
        readFileSync(conf, 'utf8').replace('logFormat: text', 'logFormat: json') + '# changed by the administrator\n'
      writeFileSync(conf, mine)
      const version = `${built.version}+upgrade1`
      const v2 = join(out, 'kuiper-v2.deb')
      const newDefault = (tree: string): void => {
        const f = join(tree, 'etc/kuiper/kuiper.yaml')
        writeFileSync(f, readFileSync(f, 'utf8') + '# a new default of the next release\n')
      }
      repackDeb(built.deb, version, v2, newDefault)
      // As an unattended upgrade does (apt's Dpkg::Options "--force-confdef" "--force-confold").
      root.dpkg(['--force-confdef', '--force-confold', '--install', v2])
      assert.match(root.dpkg(['--status', 'kuiper']), new RegExp(`^Version: ${version.replace('+', '\\+')}$`, 'm'))
      assert.equal(readFileSync(conf, 'utf8'), mine, "the administrator's kuiper.yaml is kept")
      assert.match(readFileSync(`${conf}.dpkg-dist`, 'utf8'), /a new default of the next release/)
      const port = await freePort()
      const k = startInstalledKuiperd({ root: root.dir, port, user: root.user('kuiper')! })
      await withKuiperd(k, async () => {
        const rules = JSON.parse((await rest(k.url, 'GET', '/rules')).text) as { id: string }[]
        assert.deepEqual(
          rules.map((x) => x.id),
          ['rule1'],
          'the rule in the store survived the upgrade',
        )
        const streams = JSON.parse((await rest(k.url, 'GET', '/streams')).text) as string[]
        assert.deepEqual(streams, ['demo'])
      })
      assert.match(
        k.output(),
        /^\{"level":30,.*"msg":"kuiperd /m,
        'kuiperd runs with the changed kuiper.yaml (logFormat: json)',
      )
    })

    it('remove keeps the data and configuration, purge deletes them', () => {
      const r = root.dir
      root.dpkg(['--remove', 'kuiper'])
      for (const f of [
        'usr/lib/kuiper',
        'usr/bin/kuiperd',
        'usr/bin/kuiper',
        'usr/bin/kuiper-kubernetes-tool',
        'usr/lib/systemd/system/kuiper.service',
      ]) {
        assert.ok(!existsSync(join(r, f)), `${f} is removed`)
      }
      assert.ok(existsSync(join(r, 'var/lib/kuiper/data/sqliteKV.db')), 'the store stays')
      assert.ok(existsSync(join(r, 'var/log/kuiper/stream.log')), 'the log stays')
      assert.ok(existsSync(join(r, 'etc/kuiper/kuiper.yaml')), 'the configuration stays')
      root.dpkg(['--purge', 'kuiper'])
      for (const f of [
        'var/lib/kuiper',
        'var/log/kuiper',
        'etc/kuiper',
        'etc/systemd/system/multi-user.target.wants/kuiper.service',
      ]) {
        assert.ok(!existsSync(join(r, f)), `${f} is purged`)
      }
    })
  })

  describe('the .rpm', () => {
    const rpm = (...args: string[]): string => {
      const r = sh('rpm', ['-qp', ...args, built.rpm])
      assert.equal(r.status, 0, r.out)
      return r.out
    }

    it('holds the same layout, /etc/kuiper as configuration files', () => {
      const files = rpm('--list').split('\n')
      for (const f of [
        '/usr/lib/kuiper/dist/main.js',
        '/usr/lib/kuiper/node/bin/node',
        '/usr/bin/kuiperd',
        '/usr/bin/kuiper',
        '/usr/bin/kuiper-kubernetes-tool',
        '/usr/lib/systemd/system/kuiper.service',
        '/etc/kuiper/kuiper.yaml',
        '/usr/lib/kuiper/etc',
      ]) {
        assert.ok(files.includes(f), `${f} is in the rpm`)
      }
      const config = rpm('--configfiles').trim().split('\n').sort()
      const etc = files.filter((f) => f.startsWith('/etc/kuiper/') && /\.(yaml|ini)$/.test(f)).sort()
      assert.deepEqual(config, etc)
      assert.equal(
        rpm('--queryformat', '%{NAME} %{VERSION} %{ARCH}'),
        `kuiper ${rpmVersion(built.version)} ${built.arch.rpm}`,
      )
    })

    it('has scripts that create the kuiper user and folders and handle the service', () => {
      const scripts = rpm('--scripts')
      assert.match(scripts, /postinstall scriptlet[\s\S]*useradd --system[\s\S]*kuiper_setup/)
      assert.match(scripts, /\/var\/lib\/kuiper\/data/)
      assert.match(scripts, /preuninstall scriptlet[\s\S]*systemctl stop kuiper\.service/)
      assert.match(scripts, /postuninstall scriptlet[\s\S]*try-restart kuiper\.service/)
      // Every scriptlet is valid sh.
      for (const body of scripts.split(/^\S+ scriptlet \(using \/bin\/sh\):$/m).slice(1)) {
        const r = spawnSync('sh', ['-n'], { input: body, encoding: 'utf8' })
        assert.equal(r.status, 0, `${r.stderr}\n${body}`)
      }
    })
  })
})
