// The one gate every request body passes before a route runs: a JSON body carrying a key `__proto__`, `constructor`
// or `prototype` at any depth is refused. Routes merge bodies into objects (conf keys, rule options, actions); a key
// that names a prototype there reached Object.prototype (one DELETE .../field killed kuiperd). Refusing such keys
// here keeps every route, present and future, out of that class of bug, whatever it does with the body.

/** Keys that reach an object's prototype or constructor when used as a property name. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * The path (`a.b[2].__proto__`) of the first forbidden key of a JSON text, undefined when there is none or the text
 * is not JSON (the route then refuses it with its own message). The walk is iterative: a body nested deeper than
 * the stack still gets checked.
 */
export function forbiddenKeyPath(text: string): string | undefined {
  const trimmed = text.trimStart()
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }]
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const v = top.value
    if (typeof v !== 'object' || v === null) continue
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: `${top.path}[${i}]` }))
      continue
    }
    for (const [k, item] of Object.entries(v)) {
      const path = top.path === '' ? k : `${top.path}.${k}`
      if (FORBIDDEN_KEYS.has(k)) return path
      stack.push({ value: item, path })
    }
  }
  return undefined
}
