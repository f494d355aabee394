// `kuiper-kubernetes-tool etc/cf.yaml`: Kuiper 1.0's Kubernetes tool. Reads cf.yaml, loads the history, applies the
// command folder to kuiperd until SIGTERM or SIGINT. Exit codes: 0 stopped by a signal, 1 bad configuration or
// history, 2 bad usage.

import { KuiperClient } from '../cli/http-client.js'
import { loadToolConfig, kuiperdUrl, ToolConfigError } from './config.js'
import { History, HistoryError } from './history.js'
import { KubernetesTool } from './kubernetes-tool.js'
import { createToolLogger, logToolEvent } from './tool-log.js'

export const STARTED_MESSAGE = 'Kuiper kubernetes tool is started successfully!'
export const USAGE = 'Usage: kuiper-kubernetes-tool <cf.yaml>'

export async function runKubernetesTool(argv: readonly string[]): Promise<number> {
  if (argv.length !== 1 || argv[0] === '') {
    process.stderr.write(`Missing configuration file\n${USAGE}\n`)
    return 2
  }
  if (argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${USAGE}\nWatches commandDir and applies new and changed command files to kuiperd.\n`)
    return 0
  }
  let tool: KubernetesTool
  try {
    const config = loadToolConfig(argv[0]!)
    const log = createToolLogger(config)
    const history = History.load(config.historyPath)
    const url = kuiperdUrl(config.ip, config.port)
    tool = new KubernetesTool({
      commandDir: config.commandDir,
      history,
      client: new KuiperClient(url, config.port, {
        timeoutMs: config.timeoutMs,
        ...(config.token !== undefined ? { token: config.token } : {}),
      }),
      intervalMs: config.intervalMs,
      onEvent: (e) => logToolEvent(log, url, e),
    })
    log.info(
      { commandDir: config.commandDir, history: config.historyPath },
      `Applying the command files of ${config.commandDir} to kuiperd at ${url} every ${config.intervalMs / 1000} s.`,
    )
  } catch (err) {
    if (!(err instanceof ToolConfigError || err instanceof HistoryError)) throw err
    process.stderr.write(`${err.message}\n`)
    return 1
  }
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve())
    process.once('SIGINT', () => resolve())
  })
  tool.start()
  process.stdout.write(`${STARTED_MESSAGE}\n`)
  await stopped
  await tool.stop()
  return 0
}
