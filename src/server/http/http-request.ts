// A request as a route sees it: the method and URL as sent, the headers, the path's parameters, the query and the
// body read as text (request-body.ts).

import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'

/**
 * The parameter names of a route path, so that a handler's `req.params` is typed by the path it is registered on:
 * `/rules/:id/trace/start` → `'id'`, `/metadata/sources/:name/confKeys/:confKey` → `'name' | 'confKey'`,
 * `/console/*` → `'*'`.
 */
export type ParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : Path extends `${string}*`
      ? '*'
      : never

export interface HttpRequest<Params extends string = never> {
  readonly method: string
  /** The path and query as sent. */
  readonly url: string
  readonly headers: IncomingHttpHeaders
  /** The path's parameters, decoded. */
  readonly params: Readonly<Record<Params, string>>
  /** The query string's parameters; a name given twice has a list. */
  readonly query: Readonly<Record<string, string | readonly string[] | undefined>>
  /**
   * The body as text whatever its Content-Type; undefined when the request has none, or its method takes none
   * (GET, HEAD and TRACE bodies are not read).
   */
  readonly body: string | undefined
  readonly raw: IncomingMessage
  readonly socket: Socket
}
