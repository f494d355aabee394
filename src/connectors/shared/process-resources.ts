// What connectors keep for the whole process rather than for a rule (the MQTT connection pool). The module that keeps
// one registers how to close it when it is loaded, so kuiperd's stop closes what was used and imports nothing more.

const closers = new Map<string, () => Promise<void>>()

/** Registers how to close a process-wide resource; `name` is what a failure to close it is logged as. */
export function closeWithProcess(name: string, close: () => Promise<void>): void {
  closers.set(name, close)
}

/** Closes every registered resource in turn; a failure goes to `onError` and the others are closed all the same. */
export async function closeProcessResources(onError: (name: string, err: unknown) => void): Promise<void> {
  for (const [name, close] of closers) await close().catch((err: unknown) => onError(name, err))
}
