// Loads an npm package on first use, so that a kuiperd that never uses a connector never loads its library (an idle
// kuiperd stays small). One import per process, shared by every caller; a package that cannot be loaded fails only
// what uses it, with a message naming the package, and the next use tries again.

import { KuiperError, errorMessage } from './errors.js'

/**
 * @param pkg the npm package, as named in the error
 * @param user who needs it, as the error's subject (`the mqtt connector`)
 * @param load the `import()` itself (a literal specifier, so that bundlers and tsc see it)
 * @example
 * const loadMqtt = lazyLibrary('mqtt', 'the mqtt connector', () => import('mqtt'))
 * const { connect } = (await loadMqtt()).default
 */
export function lazyLibrary<M>(pkg: string, user: string, load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | undefined
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined
      throw new KuiperError(
        'CONNECTOR_ERROR',
        `${user} needs the npm package ${pkg}, which could not be loaded (${errorMessage(err)}); install it with npm install ${pkg}`,
        { cause: err },
      )
    }))
}
