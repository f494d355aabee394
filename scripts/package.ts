// npm run package [-- --out DIR] [--version V]: builds build/packages/kuiper_<version>_<arch>.deb and
// kuiper-<version>-1.<arch>.rpm (scripts/package/build.ts; rpmbuild comes from Debian's `rpm` package).

import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { buildPackages } from './package/build.js'

const repoRoot = resolve(fileURLToPath(import.meta.url), '../..')

const { values } = parseArgs({ options: { out: { type: 'string' }, version: { type: 'string' } } })
try {
  const built = buildPackages({
    repo: repoRoot,
    outDir: resolve(values.out ?? resolve(repoRoot, 'build/packages')),
    ...(values.version !== undefined ? { version: values.version } : {}),
  })
  console.log(`${built.deb}\n${built.rpm}`)
  console.error(`package: ${built.cached ? 'from the cache, ' : ''}${built.seconds.toFixed(0)} s`)
} catch (err) {
  console.error(`package: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
