// kuiperd's command line: `kuiperd [--config FILE] [--data DIR] [--help] [--version]`.

import { ConfigError } from './load-config.js'

export interface KuiperdArgs {
  readonly config?: string
  readonly data?: string
  readonly help: boolean
  readonly version: boolean
}

export const KUIPERD_USAGE = `Usage: kuiperd [options]

Starts the Kuiper stream-processing server (REST API, rule engine, embedded store).

Options:
  -c, --config FILE   kuiper.yaml to read (default: etc/kuiper.yaml found from $KuiperBaseKey or the working dir)
  -d, --data DIR      data directory of the embedded store (default: data/ found the same way)
  -v, --version       print the version and exit
  -h, --help          print this help and exit

Every key of kuiper.yaml can be overridden by an environment variable, e.g. KUIPER__BASIC__RESTPORT=9082.`

export function parseKuiperdArgs(argv: readonly string[]): KuiperdArgs {
  let config: string | undefined
  let data: string | undefined
  let help = false
  let version = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const eq = a.indexOf('=')
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined
    const value = (): string => {
      const v = inline ?? argv[++i]
      if (v === undefined || v === '') throw new ConfigError(`option ${name} needs a value`)
      return v
    }
    switch (name) {
      case '-c':
      case '--config':
        config = value()
        break
      case '-d':
      case '--data':
        data = value()
        break
      case '-h':
      case '--help':
        help = true
        break
      case '-v':
      case '--version':
        version = true
        break
      default:
        throw new ConfigError(`unknown option ${a}`)
    }
  }
  return { ...(config !== undefined ? { config } : {}), ...(data !== undefined ? { data } : {}), help, version }
}
