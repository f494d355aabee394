// The .rpm: packaging/rpm/kuiper.spec filled in and built by rpmbuild from the staged tree (copied as the build
// root; nothing is compiled), /etc/kuiper's files as %config(noreplace).

import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TargetArch } from './arch.js'
import { withSetup } from './maintainer-scripts.js'
import { run } from './run.js'
import { walk } from './stage.js'

export interface RpmInput {
  readonly repo: string
  readonly stage: string
  readonly version: string
  readonly arch: TargetArch
  /** A scratch folder for rpmbuild's tree. */
  readonly work: string
  readonly outFile: string
}

/** The %files lines of /etc/kuiper: its folders and its files, kept when the administrator changed them. */
export function configFileLines(stage: string): string {
  return walk(join(stage, 'etc/kuiper'), true)
    .map((f) => (f.endsWith('/') ? `%dir /etc/kuiper/${f.slice(0, -1)}` : `%config(noreplace) /etc/kuiper/${f}`))
    .join('\n')
}

/** RPM versions may not hold '-': a prerelease such as 1.0.0-rc.1 becomes 1.0.0~rc.1, which sorts before 1.0.0. */
export function rpmVersion(version: string): string {
  return version.replaceAll('-', '~')
}

export function buildRpm(input: RpmInput): void {
  const { repo, stage, work } = input
  const version = rpmVersion(input.version)
  const spec = withSetup(repo, readFileSync(join(repo, 'packaging/rpm/kuiper.spec'), 'utf8'), '@SETUP@')
    .replaceAll('@VERSION@', version)
    .replaceAll('@ARCH@', input.arch.rpm)
    .replaceAll('@STAGE@', stage)
    .replace('@CONFIG_FILES@', configFileLines(stage))
  mkdirSync(work, { recursive: true })
  const specFile = join(work, 'kuiper.spec')
  writeFileSync(specFile, spec)
  const out = join(work, 'RPMS')
  run('rpmbuild', [
    '-bb',
    ...['--define', `_topdir ${work}`, '--define', `_rpmdir ${out}`, '--define', '_build_name_fmt kuiper.rpm'],
    ...['--define', `_dbpath ${join(work, 'db')}`, '--buildroot', join(work, 'BUILDROOT'), specFile],
  ])
  const built = readdirSync(out)
  if (!built.includes('kuiper.rpm')) throw new Error(`rpmbuild made ${built.join(', ') || 'nothing'}, not kuiper.rpm`)
  renameSync(join(out, 'kuiper.rpm'), input.outFile)
}
