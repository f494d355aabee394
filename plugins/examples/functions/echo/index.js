// 1.0's sample function plugin `echo`: returns its only argument unchanged.

/** A scalar function: `args` holds the argument values of one row. */
export function echo(args) {
  return args[0]
}
