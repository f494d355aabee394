#!/usr/bin/env node
// kuiperd: the Kuiper server process. Placeholder until the server lands: prints usage.

const USAGE = `Usage: kuiperd [--help]

Starts the Kuiper stream-processing server (REST API and rule engine).
Not implemented yet in this version.`

const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE)
  process.exit(0)
}
console.error('kuiperd: the server is not implemented yet\n\n' + USAGE)
process.exit(1)
