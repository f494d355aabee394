// Reply helpers: 1.0 answers messages as text/plain and data as JSON.

import type { HttpReply } from './http/http-reply.js'

export function sendText(reply: HttpReply, status: number, text: string): void {
  reply.code(status).type('text/plain; charset=utf-8').send(text)
}

/** JSON text as given (pre-formatted, e.g. 1.0's indented rule status), or already encoded in UTF-8. */
export function sendJsonText(reply: HttpReply, status: number, json: string | Buffer): void {
  reply.code(status).type('application/json; charset=utf-8').send(json)
}
