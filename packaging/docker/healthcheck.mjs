// The kuiper image's HEALTHCHECK: GET /ping on kuiperd's REST port (KUIPER__BASIC__RESTPORT, else 9081) over
// loopback. Exits 0 when kuiperd answers 200 within 5 s, else 1 with the reason on stderr. (With restTls set, give
// the container a HEALTHCHECK of its own that speaks https.)

const port = process.env.KUIPER__BASIC__RESTPORT || '9081'
const url = `http://127.0.0.1:${port}/ping`

try {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
  if (res.status !== 200) {
    console.error(`healthcheck: ${url} answered ${res.status}`)
    process.exit(1)
  }
} catch (err) {
  console.error(`healthcheck: ${url}: ${err instanceof Error ? (err.cause?.message ?? err.message) : String(err)}`)
  process.exit(1)
}
