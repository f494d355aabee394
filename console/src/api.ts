// The REST API as the console calls it: same origin, the language as Content-Language (the API's messages follow
// it) and Accept-Language, and the token as `Authorization: Bearer` when one was given. A 401 raises the login
// form with the server's reason (no token, expired, bad signature...).

import { signal } from '@preact/signals'
import { language } from './i18n.js'

const TOKEN_KEY = 'kuiper.console.token'

/** The JWT the user signed in with (sessionStorage: gone when the tab closes). */
export const token = signal<string | undefined>(sessionStorage.getItem(TOKEN_KEY) ?? undefined)

/** Why the API refused the last request for want of a valid token; undefined while it is satisfied. */
export const authProblem = signal<{ readonly hadToken: boolean; readonly message: string } | undefined>(undefined)

export function signIn(jwt: string): void {
  sessionStorage.setItem(TOKEN_KEY, jwt)
  token.value = jwt
  authProblem.value = undefined
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY)
  token.value = undefined
}

/** A refusal of the API: its status and the message of its error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message)
  }
}

export function headers(extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = {
    'content-language': language.value,
    'accept-language': language.value.replace('_', '-'),
    ...extra,
  }
  if (token.value !== undefined) h['authorization'] = `Bearer ${token.value}`
  return h
}

function messageOf(status: number, text: string): { message: string; body: unknown } {
  try {
    const body: unknown = JSON.parse(text)
    if (typeof body === 'object' && body !== null) {
      const b = body as Record<string, unknown>
      const message =
        typeof b['message'] === 'string' ? b['message'] : typeof b['error'] === 'string' ? b['error'] : text
      return { message, body }
    }
    return { message: text, body }
  } catch {
    return { message: text === '' ? `HTTP ${status}` : text, body: text }
  }
}

/** Raises the login form when the API says the token is missing or no good; returns whether it did. */
export function noteUnauthorized(status: number, text: string): boolean {
  if (status !== 401) return false
  authProblem.value = { hadToken: token.value !== undefined, message: messageOf(status, text).message }
  return true
}

/** One request; the answer's text (JSON or not). Throws ApiError for a status of 400 and up. */
export async function requestText(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<string> {
  const init: RequestInit = {
    method,
    headers: headers(body !== undefined ? { 'content-type': 'application/json' } : {}),
  }
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
  if (signal !== undefined) init.signal = signal
  const r = await fetch(path, init)
  const text = await r.text()
  if (r.ok) return text
  noteUnauthorized(r.status, text)
  const { message, body: errorBody } = messageOf(r.status, text)
  throw new ApiError(r.status, message, errorBody)
}

/** One request whose answer is JSON. */
export async function requestJson<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const text = await requestText(method, path, body, signal)
  return JSON.parse(text) as T
}

export const get = <T>(path: string, signal?: AbortSignal): Promise<T> => requestJson<T>('GET', path, undefined, signal)

/** A path segment: names may hold characters that mean something in a URL. */
export const seg = (s: string): string => encodeURIComponent(s)

/** The message of anything thrown. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
