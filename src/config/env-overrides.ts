// 1.0's docker environment overrides (deploy/docker/conf_util.go): `<FILE>__<SECTION>__<KEY>[__<SUBKEY>]=value`
// sets a key of a config file, e.g. `KUIPER__BASIC__RESTPORT=9082`, `MQTT_SOURCE__DEFAULT__SERVERS=[tcp://b:1883]`.

import { KNOWN_KEYS } from './kuiper-config.js'

/** Config files that environment variables may target, by the lower-case FILE part of the variable name. */
export const ENV_FILES = ['kuiper', 'client', 'mqtt_source', 'edgex', 'httppull', 'random', 'zmq'] as const
export type EnvFile = (typeof ENV_FILES)[number]

/**
 * kuiper.yaml's keys by their upper-case env spelling, taken from its schema so that no key is left out: the
 * sections, their keys, and the camelCase keys of nested sections (rule.restartStrategy's maxDelay).
 */
const KUIPER_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  [...Object.keys(KNOWN_KEYS), ...Object.values(KNOWN_KEYS).flat(), 'maxDelay'].map((k) => [k.toUpperCase(), k]),
)

/**
 * Upper-case env key → camelCase yaml key, per file; other keys are lower-cased (as 1.0). kuiper.yaml's covers every
 * key of the schema, where 1.0's table missed some (restIp, rotateTime, the rule options...).
 */
const KEY_MAPS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  kuiper: KUIPER_KEYS,
  mqtt_source: {
    SHAREDSUBSCRIPTION: 'sharedSubscription',
    CERTIFICATIONPATH: 'certificationPath',
    PRIVATEKEYPATH: 'privateKeyPath',
    KUBEEDGEVERSION: 'kubeedgeVersion',
    KUBEEDGEMODELFILE: 'kubeedgeModelFile',
  },
  edgex: {
    SERVICESERVER: 'serviceServer',
    CLIENTID: 'ClientId',
    USERNAME: 'Username',
    PASSWORD: 'Password',
    QOS: 'Qos',
    KEEPALIVE: 'KeepAlive',
    RETAINED: 'Retained',
    CONNECTIONPAYLOAD: 'ConnectionPayload',
    CERTFILE: 'CertFile',
    KEYFILE: 'KeyFile',
    CERTPEMBLOCK: 'CertPEMBlock',
    KEYPEMBLOCK: 'KeyPEMBlock',
    SKIPCERTVERIFY: 'SkipCertVerify',
  },
}

/** One applied override, for logs and error messages (`KUIPER__BASIC__RESTPORT` → `basic.restPort`). */
export interface AppliedOverride {
  readonly variable: string
  readonly path: readonly string[]
  readonly value: unknown
}

/** 1.0's getValueType: `[a,b]` → list; else int → bool → float → string (values trimmed). */
export function envValue(raw: string): unknown {
  const val = raw.trim()
  if (val.startsWith('[') && val.endsWith(']')) {
    return val
      .replaceAll('[', '')
      .replaceAll(']', '')
      .split(',')
      .map((v) => scalar(v))
  }
  return scalar(val)
}

function scalar(v: string): unknown {
  if (/^[+-]?\d+$/.test(v)) {
    const n = BigInt(v)
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return Number(n)
  }
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) || /^[+-]?(inf|infinity|nan)$/i.test(v)) {
    const f = Number(v.replace(/inf(inity)?/i, 'Infinity').replace(/nan/i, 'NaN'))
    if (!Number.isNaN(f) || /nan/i.test(v)) return f
  }
  return v
}

function yamlKey(file: string, envKey: string): string {
  return KEY_MAPS[file]?.[envKey] ?? envKey.toLowerCase()
}

/**
 * Applies every `<FILE>__...` variable of `env` aimed at `file` to `conf` (mutated) and returns what was applied.
 * A level that exists but is not a map is left alone, as 1.0 does.
 */
export function applyEnvOverrides(
  file: EnvFile | (string & {}),
  conf: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): AppliedOverride[] {
  const applied: AppliedOverride[] = []
  for (const [name, raw] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (raw === undefined) continue
    const parts = name.split('__')
    if (parts.length < 2 || parts[0]!.toLowerCase() !== file || parts[0] !== parts[0]!.toUpperCase()) continue
    const keys = parts.slice(1).map((k) => yamlKey(file, k))
    let node: Record<string, unknown> = conf
    let ok = true
    for (const k of keys.slice(0, -1)) {
      const next = node[k]
      if (next === undefined || next === null) {
        const created: Record<string, unknown> = {}
        node[k] = created
        node = created
      } else if (typeof next === 'object' && !Array.isArray(next)) {
        node = next as Record<string, unknown>
      } else {
        ok = false
        break
      }
    }
    if (!ok) continue
    const value = envValue(raw)
    node[keys[keys.length - 1]!] = value
    applied.push({ variable: name, path: keys, value })
  }
  return applied
}
