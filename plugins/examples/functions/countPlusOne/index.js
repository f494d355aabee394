// 1.0's sample aggregate function plugin `countPlusOne`: the number of rows in the group, plus one.

/**
 * An aggregate: each argument arrives as the array of its values over the rows of the group. The result is a Go
 * int in 1.0, a BigInt here (Kuiper's integers are BigInts; a JS number is a float).
 */
export const countPlusOne = {
  exec(args) {
    const values = args[0]
    if (!Array.isArray(values)) throw new Error(`expect an array of values, got ${typeof values}`)
    return BigInt(values.length + 1)
  },
}
