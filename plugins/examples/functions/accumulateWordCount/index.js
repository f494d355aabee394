// 1.0's sample stateful function plugin `accumulateWordCount(col, sep)`: adds the number of `sep`-separated words
// of `col` to a counter in the rule's state and returns the total. With qos > 0 the counter is saved in every
// checkpoint and restored when the rule restarts, so the total goes on from where it was.

/** Go's strings.Split: an empty separator splits into code points. */
function wordCount(s, sep) {
  return sep === '' ? [...s].length : s.split(sep).length
}

export const accumulateWordCount = {
  /** Parse-time check of the argument expressions (AST nodes): the separator must be a string literal when literal. */
  validate(args) {
    const sep = args[1]
    if (sep !== undefined && ['IntegerLiteral', 'NumberLiteral', 'BooleanLiteral'].includes(sep.kind))
      throw new Error('the separator must be a string')
  },
  exec([col, sep], ctx) {
    if (typeof col !== 'string') throw new Error(`args[0] is not a string, got ${String(col)}`)
    if (typeof sep !== 'string') throw new Error(`args[1] is not a string, got ${String(sep)}`)
    if (ctx.state === undefined) throw new Error('accumulateWordCount needs a rule context with state')
    ctx.state.incrCounter('allwordcount', wordCount(col, sep))
    return BigInt(ctx.state.getCounter('allwordcount'))
  },
}
