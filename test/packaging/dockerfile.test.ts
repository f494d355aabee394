// The Dockerfile cannot be built on this machine: what can be checked without docker is checked here. Every file
// it copies from the checkout exists and is in the build context (.dockerignore), it has a build and a slim runtime
// stage, runs as a non-root user, declares 1.0's volumes, and its ENTRYPOINT and HEALTHCHECK are the scripts it copies.

import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'

const repo = join(import.meta.dirname, '../..')

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(): { op: string; args: string }[] {
  const text = readFileSync(join(repo, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ')
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const i = l.indexOf(' ')
      return { op: l.slice(0, i).toUpperCase(), args: l.slice(i + 1).trim() }
    })
}

/** Whether .dockerignore lets `path` into the build context (its patterns: `*`, then `!file` or `!folder/`). */
function inContext(path: string): boolean {
  let included = true
  for (const raw of readFileSync(join(repo, '.dockerignore'), 'utf8').split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const negated = line.startsWith('!')
    const pattern = (negated ? line.slice(1) : line).replace(/\/$/, '')
    if (pattern === '*' || path === pattern || path.startsWith(`${pattern}/`)) included = negated
  }
  return included
}

describe('the Dockerfile', () => {
  const ins = instructions()
  const runtime = ins.slice(ins.map((i) => i.op).lastIndexOf('FROM'))

  it('copies only files of the checkout that are in the build context', () => {
    const copies = ins.filter((i) => i.op === 'COPY' && !i.args.includes('--from='))
    assert.ok(copies.length > 0)
    for (const c of copies) {
      const parts = c.args.split(/\s+/).filter((p) => !p.startsWith('--'))
      for (const src of parts.slice(0, -1)) {
        assert.ok(existsSync(join(repo, src)), `${src} exists`)
        assert.ok(inContext(src), `${src} is not excluded by .dockerignore`)
      }
    }
  })

  it('copies the sources before npm ci, whose prepare script builds dist/ from them', () => {
    const build = ins.slice(0, ins.map((i) => i.op).lastIndexOf('FROM'))
    const npmCi = build.findIndex((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args))
    assert.ok(npmCi > 0, 'the build stage runs npm ci')
    const copiedBefore = build
      .slice(0, npmCi)
      .filter((i) => i.op === 'COPY')
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1))
    // The console (console/, built by scripts/build-console.mjs into dist/console) is built by that npm ci too.
    for (const input of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'src',
      'console',
      'scripts/build-console.mjs',
    ])
      assert.ok(copiedBefore.includes(input), `${input} is copied before npm ci`)
  })

  it('ships every program package.json names in bin, with the launcher module each one imports', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { bin: Record<string, string> }
    const copied = runtime
      .filter((i) => i.op === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1))
    for (const [name, file] of Object.entries(pkg.bin)) {
      assert.ok(copied.includes(file), `${file} (${name}) is copied`)
      for (const m of readFileSync(join(repo, file), 'utf8').matchAll(/from '\.\/([\w.-]+)'|import '\.\/([\w.-]+)'/g)) {
        const imported = `bin/${m[1] ?? m[2]}`
        assert.ok(copied.includes(imported), `${imported}, which ${file} imports, is copied`)
        for (const n of readFileSync(join(repo, imported), 'utf8').matchAll(/from '\.\/([\w.-]+)'/g))
          assert.ok(copied.includes(`bin/${n[1]}`), `bin/${n[1]}, which ${imported} imports, is copied`)
      }
    }
  })

  it('builds in one stage and runs on a slim Node image in another', () => {
    const froms = ins.filter((i) => i.op === 'FROM').map((i) => i.args)
    assert.equal(froms.length, 2)
    assert.match(froms[0]!, / AS build$/)
    assert.match(froms[1]!, /^node:\$\{NODE_VERSION\}-bookworm-slim$/)
    assert.ok(runtime.some((i) => i.op === 'COPY' && i.args.startsWith('--from=build /src/dist ')))
  })

  it('runs as a non-root user with 1.0 volumes and KUIPER_HOME', () => {
    const user = runtime.filter((i) => i.op === 'USER').map((i) => i.args)
    assert.equal(user.length, 1)
    assert.doesNotMatch(user[0]!, /^(root|0)(:|$)/)
    const volumes = JSON.parse(runtime.find((i) => i.op === 'VOLUME')!.args) as string[]
    for (const v of ['/kuiper/etc', '/kuiper/data']) assert.ok(volumes.includes(v), v)
    const env = runtime
      .filter((i) => i.op === 'ENV')
      .map((i) => i.args)
      .join(' ')
    assert.match(env, /KUIPER_HOME=\/kuiper\b/)
    assert.match(env, /KuiperBaseKey=\/kuiper\b/)
  })

  it('has the entrypoint and the /ping health check it copies', () => {
    const copied = runtime.filter((i) => i.op === 'COPY').map((i) => i.args.split(/\s+/))
    const destOf = (src: string): string | undefined => copied.find((c) => c.includes(src))?.at(-1)
    const entry = JSON.parse(runtime.find((i) => i.op === 'ENTRYPOINT')!.args) as string[]
    assert.equal(destOf('packaging/docker/docker-entrypoint.sh'), `/usr/local/bin/${entry[0]}`)
    const health = runtime.find((i) => i.op === 'HEALTHCHECK')!.args
    const script = destOf('packaging/docker/healthcheck.mjs')!
    assert.ok(health.endsWith(`CMD ["node", "${script}"]`), health)
    assert.match(readFileSync(join(repo, 'packaging/docker/healthcheck.mjs'), 'utf8'), /\/ping`/)
  })
})
