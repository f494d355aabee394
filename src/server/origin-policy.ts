// Which browsers may call the management API. Scripts, curl and the CLI send no Origin header and are not affected:
// `curl -d '{...}'` (form encoding, JSON body) keeps working. A request a browser sends on behalf of a web page
// carries `Origin` (and `Sec-Fetch-Site`); unless its origin is listed in basic.restAllowedOrigins it is refused
// with 403, so a page the user happens to open cannot create streams or rules on a kuiperd it can reach. When
// kuiperd serves its console (basic.console), the console's own requests are same-origin (Origin = the Host they
// are sent to) and are trusted when that host is an IP address or localhost; a host name is not trusted by that
// alone, because a DNS-rebinding page has kuiperd's host name too: list such an origin in basic.restAllowedOrigins.

import { isIP } from 'node:net'
import { KuiperError } from '../core/errors.js'

/** Methods a browser may use across origins once the origin is listed (1.0's list). */
export const CORS_METHODS = 'GET, HEAD, POST, PUT, DELETE'
/** Request headers a listed origin may send (1.0's list, plus Authorization for a token). */
export const CORS_HEADERS = 'Accept, Accept-Language, Authorization, Content-Type, Content-Language, Origin'
/** Media types a browser may send a body in: JSON, and form encoding for the requests curl -d makes. */
const BODY_TYPES: ReadonlySet<string> = new Set(['application/json', 'application/x-www-form-urlencoded'])
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

export interface BrowserRequest {
  readonly method: string
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
}

/** An origin as browsers send it (`scheme://host[:port]`, lower case, no trailing slash); `*` stays `*`. */
export function normalizeOrigin(origin: string): string {
  const o = origin.trim()
  if (o === '*') return o
  try {
    return new URL(o).origin
  } catch {
    return o.toLowerCase().replace(/\/+$/, '')
  }
}

export interface OriginPolicyOptions {
  /** Trust a same-origin request to an IP address or localhost (kuiperd serves its console). */
  readonly trustSameOrigin?: boolean
}

export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>

  /** `allowedOrigins`: basic.restAllowedOrigins; `*` allows every origin (1.0's behaviour, not advised). */
  constructor(
    allowedOrigins: readonly string[],
    private readonly options: OriginPolicyOptions = {},
  ) {
    this.allowed = new Set(allowedOrigins.filter((o) => o.trim() !== '').map(normalizeOrigin))
  }

  /**
   * The origin to echo in Access-Control-Allow-Origin, undefined for a request that is not cross-origin; throws
   * FORBIDDEN for a browser request from an origin not listed and UNSUPPORTED_MEDIA_TYPE for a browser's body that
   * is neither JSON nor a form.
   */
  check(req: BrowserRequest): string | undefined {
    const origin = header(req, 'origin')
    const site = header(req, 'sec-fetch-site')
    let allowedOrigin: string | undefined
    if (origin !== undefined) {
      if (!this.allows(origin) && !this.isTrustedSameOrigin(origin, header(req, 'host'))) {
        throw new KuiperError(
          'FORBIDDEN',
          `Cross-origin request from ${origin} refused: the origin is not listed in basic.restAllowedOrigins.`,
        )
      }
      allowedOrigin = origin
    } else if (site === 'cross-site' || site === 'same-site') {
      throw new KuiperError(
        'FORBIDDEN',
        `Cross-site request refused: it carries no Origin to check (Sec-Fetch-Site: ${site}).`,
      )
    }
    if ((origin !== undefined || site !== undefined) && !SAFE_METHODS.has(req.method.toUpperCase())) {
      checkBodyType(req)
    }
    return allowedOrigin
  }

  /** The console's own request: Origin names the host the request went to, and that host cannot be rebound. */
  private isTrustedSameOrigin(origin: string, host: string | undefined): boolean {
    if (this.options.trustSameOrigin !== true || host === undefined) return false
    let url: URL
    try {
      url = new URL(origin)
    } catch {
      return false
    }
    if (url.host !== host.toLowerCase()) return false
    const name = url.hostname.replace(/^\[|\]$/g, '')
    return isIP(name) !== 0 || name === 'localhost'
  }

  private allows(origin: string): boolean {
    return this.allowed.has('*') || this.allowed.has(normalizeOrigin(origin))
  }
}

/** A browser's mutation: its body, if any, is JSON or a form (a text/plain or multipart body needs no preflight). */
function checkBodyType(req: BrowserRequest): void {
  const type = header(req, 'content-type')
  const hasBody =
    type !== undefined ||
    (header(req, 'content-length') ?? '0') !== '0' ||
    header(req, 'transfer-encoding') !== undefined
  if (!hasBody) return
  const media = (type ?? '').split(';')[0]!.trim().toLowerCase()
  if (!BODY_TYPES.has(media)) {
    throw new KuiperError(
      'UNSUPPORTED_MEDIA_TYPE',
      `A browser request body must be application/json or application/x-www-form-urlencoded, not ${media === '' ? 'untyped' : media}.`,
    )
  }
}

function header(req: BrowserRequest, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}
