// kuiperd's process entry: usage and version, then kuiperd (kuiperd.ts) started with V8's start-up hold on and
// stopped on SIGTERM/SIGINT with exit code 0 (config errors: 2). kuiperd's modules are imported only once the hold
// is on, since loading them is most of what the hold is for (src/config/start-up-hold.ts): this module imports
// nothing else at load time (the argument parser imports the configuration loader, and valibot with it).

import { holdDuringStartUp, releaseStartUpHold } from './config/start-up-hold.js'
import { KuiperError, errorMessage } from './core/errors.js'
import type { RunningKuiperd } from './kuiperd.js'

/** The process: prints usage/version, starts, and stops on SIGTERM/SIGINT with exit code 0 (config errors: 2). */
export async function main(argv: readonly string[]): Promise<void> {
  holdDuringStartUp()
  const { parseKuiperdArgs, KUIPERD_USAGE } = await import('./config/args.js')
  let args
  try {
    args = parseKuiperdArgs(argv)
  } catch (err) {
    process.stderr.write(`kuiperd: ${errorMessage(err)}\n\n${KUIPERD_USAGE}\n`)
    process.exit(2)
  }
  if (args.help) {
    process.stdout.write(`${KUIPERD_USAGE}\n`)
    return
  }
  if (args.version) {
    const { kuiperVersion } = await import('./kuiperd.js')
    process.stdout.write(`Version: ${kuiperVersion()}\n`)
    return
  }
  // Signals are handled from the start: one arriving while starting stops kuiperd as soon as it is up.
  let running: RunningKuiperd | undefined
  let signalled: string | undefined
  const shutdown = (): void => {
    if (running === undefined || signalled === undefined) return
    process.stdout.write(`kuiperd: ${signalled} received, stopping\n`)
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`kuiperd: ${errorMessage(err)}\n`)
        process.exit(1)
      },
    )
  }
  const onSignal = (signal: string): void => {
    if (signalled !== undefined) return
    signalled = signal
    shutdown()
  }
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  process.on('SIGINT', () => onSignal('SIGINT'))
  try {
    const { startKuiperd } = await import('./kuiperd.js')
    running = await startKuiperd(argv)
    releaseStartUpHold()
  } catch (err) {
    releaseStartUpHold()
    process.stderr.write(`kuiperd: ${errorMessage(err)}\n`)
    process.exit(err instanceof KuiperError && err.code === 'CONFIG_ERROR' ? 2 : 1)
  }
  shutdown()
}
