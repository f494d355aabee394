#!/usr/bin/env node
// kuiper: the command-line client of a running kuiperd. Placeholder until the CLI lands: prints usage.

const USAGE = `Usage: kuiper <command> [arguments] [--help]

Commands (talk to kuiperd over its REST API):
  create stream|table|rule ...   show streams|tables|rules   describe ...   drop ...
Not implemented yet in this version.`

const args = process.argv.slice(2)
if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
  console.log(USAGE)
  process.exit(0)
}
console.error('kuiper: the CLI is not implemented yet\n\n' + USAGE)
process.exit(1)
