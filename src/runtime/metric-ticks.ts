// Metric times kept as small integers. V8 stores a number field that is not a small integer (an epoch-ms time) in a
// box of its own: writing such a field per rule and message writes one more object. A fused chain keeps the time of
// its last run as the offset from the process's TICK_ORIGIN instead, a small integer stored in the field itself;
// a time that is not a whole number of ms within ±24 days of it is the FAR tick, its exact value kept beside it.

/** The origin of the ticks: when the runtime was loaded. */
export const TICK_ORIGIN = Date.now()

/** The tick of a time that has none (see `tickOf`): its exact value is kept in a number field beside it. */
export const FAR = -0x80000000

/** `now` as an int32 offset from TICK_ORIGIN; FAR when it has none. */
export function tickOf(now: number): number {
  const d = now - TICK_ORIGIN
  // `i`, not `d`: the difference of two boxed times is a boxed number even when whole, and storing one turns the
  // field into a boxed-number field (each rule's objects then change their hidden class on their next run).
  const i = d | 0
  return i === d && i !== FAR ? i : FAR
}

/** The time of `tick`, `far` when it is FAR. */
export function timeOf(tick: number, far: number): number {
  return tick === FAR ? far : TICK_ORIGIN + tick
}
