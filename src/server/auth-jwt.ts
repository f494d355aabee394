// Authentication of the management API as later eKuiper (1.4+): a JWT signed RS256 by a private key whose public
// key is a file of etc/mgmt, named by the token's `iss` (matched without regard to case, as eKuiper), with `aud`
// "eKuiper" (a string or a list containing it). `exp` and `nbf` are checked when present. The token comes in the
// Authorization header, bare as eKuiper documents it or after `Bearer `. Keys are read when a token names them,
// so a key dropped into etc/mgmt works without a restart. Verification is node:crypto's: RSA-SHA256 over the JWS
// signing input; only RS256 is accepted, so neither `none` nor an HMAC keyed with the public key can pass.

import type { KeyObject } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { KuiperError, errorMessage } from '../core/errors.js'
import { nodeCrypto } from '../core/lazy-builtins.js'

/** The audience a token must name (eKuiper's). */
export const AUDIENCE = 'eKuiper'
/** Paths answered without a token (eKuiper's: the health checks). */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/', '/ping'])

export interface TokenClaims {
  readonly iss: string
  readonly aud: string | readonly string[]
  readonly exp?: number
  readonly nbf?: number
  readonly sub?: string
}

function unauthorized(message: string): KuiperError {
  return new KuiperError('UNAUTHORIZED', message)
}

export class JwtAuthenticator {
  /**
   * @param keyDir etc/mgmt: the public keys (PEM: SPKI, PKCS#1 or a certificate), one file per issuer.
   * @param now epoch ms, for exp and nbf.
   */
  constructor(
    readonly keyDir: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The claims of a valid token in the Authorization header value; throws UNAUTHORIZED otherwise. */
  verify(authorization: string | undefined): TokenClaims {
    if (authorization === undefined || authorization.trim() === '') {
      throw unauthorized('Missing token: send a JWT in the Authorization header (basic.authentication is on).')
    }
    const token = authorization.trim().replace(/^Bearer\s+/i, '')
    const parts = token.split('.')
    if (parts.length !== 3) throw unauthorized('Invalid token: a JWT has three dot-separated parts.')
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
    const header = decodePart(headerPart, 'header')
    if (header['alg'] !== 'RS256') {
      throw unauthorized(`Invalid token: the signing algorithm must be RS256, not ${String(header['alg'])}.`)
    }
    const claims = decodePart(payloadPart, 'payload')
    const iss = claims['iss']
    if (typeof iss !== 'string' || iss === '')
      throw unauthorized('Invalid token: issuer field not exist in jwt payload.')
    const key = this.publicKey(iss)
    const signature = Buffer.from(signaturePart, 'base64url')
    if (!nodeCrypto().verify('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), key, signature)) {
      throw unauthorized('Invalid token: the signature does not match the public key of its issuer.')
    }
    checkTimes(claims, this.now() / 1000)
    const aud = claims['aud']
    const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : []
    if (!audiences.includes(AUDIENCE)) {
      throw unauthorized(
        `Invalid token: audience field should contain ${AUDIENCE}, but got ${JSON.stringify(aud ?? null)}.`,
      )
    }
    return claims as unknown as TokenClaims
  }

  /** The public key file of etc/mgmt named `issuer` (any case), read now. */
  private publicKey(issuer: string): KeyObject {
    let names: string[]
    try {
      names = readdirSync(this.keyDir)
    } catch (err) {
      throw unauthorized(`Invalid token: cannot read the public keys folder ${this.keyDir}: ${errorMessage(err)}.`)
    }
    const name = names.find((n) => n.toLowerCase() === issuer.toLowerCase())
    if (name === undefined) throw unauthorized(`Invalid token: no public key ${issuer} in ${this.keyDir}.`)
    try {
      const key = nodeCrypto().createPublicKey(readFileSync(join(this.keyDir, name)))
      if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType} key, not RSA`)
      return key
    } catch (err) {
      throw unauthorized(`Invalid token: the public key ${name} cannot be used: ${errorMessage(err)}.`)
    }
  }
}

function decodePart(part: string, what: string): Record<string, unknown> {
  let v: unknown
  try {
    v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    throw unauthorized(`Invalid token: its ${what} is not base64url JSON.`)
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw unauthorized(`Invalid token: its ${what} is not a JSON object.`)
  return v as Record<string, unknown>
}

/** `exp` and `nbf` (NumericDate, seconds) when present, with no leeway (golang-jwt's default). */
function checkTimes(claims: Record<string, unknown>, nowSeconds: number): void {
  const exp = claims['exp']
  if (exp !== undefined) {
    if (typeof exp !== 'number') throw unauthorized('Invalid token: exp is not a number.')
    if (nowSeconds >= exp) throw unauthorized('Invalid token: token is expired.')
  }
  const nbf = claims['nbf']
  if (nbf !== undefined) {
    if (typeof nbf !== 'number') throw unauthorized('Invalid token: nbf is not a number.')
    if (nowSeconds < nbf) throw unauthorized('Invalid token: token is not valid yet.')
  }
}
