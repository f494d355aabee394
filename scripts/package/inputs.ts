// What a package is made from, hashed: the files of the checkout that go into it or decide how it is built, the
// Node runtime's version and the architecture. A build whose hash is in the cache is taken from there.

import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { run } from './run.js'

/** The files and folders of the checkout a package build reads. */
export const PACKAGE_INPUTS = [
  'src/',
  'console/',
  'scripts/build-console.mjs',
  'bin/',
  'etc/',
  'packaging/',
  'scripts/package.ts',
  'scripts/package/',
  'docs/install.md',
  'README.md',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
] as const

/** The checkout's files under PACKAGE_INPUTS (tracked and new, not ignored), sorted. */
export function inputFiles(repo: string): string[] {
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...PACKAGE_INPUTS], {
    cwd: repo,
  })
  return [...new Set(listed.split('\0'))]
    .filter((f) => f !== '' && existsSync(join(repo, f)) && statSync(join(repo, f)).isFile())
    .sort()
}

/** sha256 over the input files' names, modes and contents and the extra strings (runtime version, architecture). */
export function inputHash(repo: string, extra: readonly string[]): string {
  const h = createHash('sha256')
  for (const e of extra) h.update(`extra ${e}\0`)
  for (const f of inputFiles(repo)) {
    const p = join(repo, f)
    h.update(`file ${f} ${statSync(p).mode & 0o111 ? 'x' : '-'}\0`)
    h.update(readFileSync(p))
    h.update('\0')
  }
  return h.digest('hex')
}
