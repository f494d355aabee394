// Reply helpers: 1.0 answers messages as text/plain and data as JSON.

import type { FastifyReply } from 'fastify'

export function sendText(reply: FastifyReply, status: number, text: string): void {
  void reply.code(status).type('text/plain; charset=utf-8').send(text)
}

/** JSON text as given (pre-formatted, e.g. 1.0's indented rule status), or already encoded in UTF-8. */
export function sendJsonText(reply: FastifyReply, status: number, json: string | Buffer): void {
  void reply.code(status).type('application/json; charset=utf-8').send(json)
}
