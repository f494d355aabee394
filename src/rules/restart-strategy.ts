// What happens to a rule that should run but fails to start: 1.0 leaves it stopped with its error as status;
// later eKuiper retries with exponential backoff (`rule.restartStrategy` of kuiper.yaml).

/** When a rule that should run fails to start: the delay before the next attempt, or undefined to give up. */
export interface RestartStrategy {
  nextDelay(attempt: number, error: unknown): number | undefined
}

/** 1.0: a rule that fails stays stopped with its error as status. */
export const NO_RESTART: RestartStrategy = { nextDelay: () => undefined }

/** Exponential backoff (eKuiper 1.x's restartStrategy shape): `attempts` tries, delay × multiplier up to maxDelay. */
export function backoffRestart(o: { attempts: number; delay: number; multiplier?: number; maxDelay?: number }) {
  return {
    nextDelay: (attempt: number) =>
      attempt > o.attempts
        ? undefined
        : Math.min(o.delay * (o.multiplier ?? 2) ** (attempt - 1), o.maxDelay ?? Number.POSITIVE_INFINITY),
  } satisfies RestartStrategy
}
