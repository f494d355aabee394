// The maintainer scripts with packaging/setup.sh (the user and folders, shared by the .deb and the .rpm) put in
// where they say #@SETUP@ / @SETUP@.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export function withSetup(repo: string, script: string, placeholder: string): string {
  if (!script.includes(placeholder)) throw new Error(`the script has no ${placeholder} line`)
  return script.replace(placeholder, readFileSync(join(repo, 'packaging/setup.sh'), 'utf8').trimEnd())
}
