// One string object per distinct text, for the names that compiled rules read on every row (column names): a
// thousand rules reading `temperature` then share one string, in the cache once, instead of one copy each (a copy
// that V8 turns into a pointer to its own internalized string on the first property lookup: two reads per row).

/** The strings interned so far, by their text; a few per distinct column name, kept for the life of the process. */
const interned = new Map<string, string>()

/** The one string object with the text of `text`. */
export function intern(text: string): string {
  let s = interned.get(text)
  if (s === undefined) {
    // A property key is internalized by V8: keep that string, not the (possibly sliced) copy passed in.
    s = Object.keys({ [text]: 0 })[0]!
    interned.set(s, s)
  }
  return s
}
