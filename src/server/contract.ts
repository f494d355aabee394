// The REST contract of kuiperd (1.0's paths and success shapes, one error body): request and response types shared
// by the server and the `kuiper` CLI. Types and constants only, so the CLI can import it without the server.

import type { ErrorCode } from '../core/errors.js'

export const DEFAULT_REST_PORT = 9081
export const DEFAULT_PROMETHEUS_PORT = 20499

/** Every 4xx/5xx answer: `{"error":"NOT_FOUND","message":"Rule r1 is not found."}` (Content-Type application/json). */
export interface ErrorBody {
  readonly error: ErrorCode
  readonly message: string
}

/** `GET /` and `POST /`. */
export interface RootInfo {
  readonly version: string
  readonly os: string
  readonly upTimeSeconds: number
}

/** `POST /streams` body; any stream statement (CREATE/SHOW/DESCRIBE/EXPLAIN/DROP STREAM). 201 text result. */
export interface StreamStatementRequest {
  readonly sql: string
}

/** `GET /streams`: stream names. */
export type StreamList = readonly string[]

/** A field type as 1.0 prints it in JSON: `"bigint"`, `{"Type":"array","ElementType":...}`, `{"Type":"struct",...}`. */
export type FieldTypeJson =
  | string
  | { readonly Type: 'array'; readonly ElementType: FieldTypeJson }
  | { readonly Type: 'struct'; readonly Fields: readonly StreamFieldJson[] }

export interface StreamFieldJson {
  readonly FieldType: FieldTypeJson
  readonly Name: string
}

/** `GET /streams/{name}`; `StreamFields` is null for a schemaless stream. */
export interface StreamDescription {
  readonly Name: string
  readonly StreamFields: readonly StreamFieldJson[] | null
  readonly Options: Readonly<Record<string, string>>
}

/** Rule options as stored and returned (1.0 api.RuleOption JSON names). */
export interface RuleOptionsJson {
  readonly isEventTime: boolean
  readonly lateTolerance: number
  readonly concurrency: number
  readonly bufferLength: number
  readonly sendMetaToSink: boolean
  readonly qos: number
  readonly checkpointInterval: number
}

/** `POST /rules` and `PUT /rules/{id}` body (options may be partial), `GET /rules/{id}` answer (complete). */
export interface RuleJson {
  readonly triggered: boolean
  readonly id: string
  readonly sql: string
  readonly actions: readonly Readonly<Record<string, unknown>>[]
  readonly options: RuleOptionsJson
}

/** `GET /rules`: sorted by id. */
export type RuleList = readonly { readonly id: string; readonly status: string }[]

/** `GET /rules/{id}/status` while running (otherwise a text/plain `Stopped: <reason>.`). */
export type RuleMetricsJson = Readonly<Record<string, number | string>>

/** `GET /rules/{id}/topo`. */
export interface RuleTopoJson {
  readonly sources: readonly string[]
  readonly edges: Readonly<Record<string, readonly string[]>>
}

export type PluginKind = 'sources' | 'sinks' | 'functions'
export const PLUGIN_KINDS: readonly PluginKind[] = ['sources', 'sinks', 'functions']

/** `POST /plugins/{kind}` body. */
export interface PluginCreateRequest {
  readonly name: string
  readonly file: string
  readonly shellParas?: readonly string[]
}

/**
 * `GET /plugins/{kind}/{name}`: 1.0's `{"name","version"}`. The plugins here are the connectors 1.0 shipped as Go
 * plugins, built in: `{"name":"random","version":"<kuiper's version>","builtin":true}`.
 */
export interface PluginDescription {
  readonly name: string
  /** The version of the plugin; a built-in one has the version of Kuiper itself. */
  readonly version: string
  /** Part of Kuiper (cannot be dropped), not an installed plugin. */
  readonly builtin: boolean
}

/**
 * `POST /query` body: a SELECT run as a temporary rule whose results are kept for polling (replaces 1.0's
 * `Server.CreateQuery` RPC used by `kuiper query`). Answer 201 {@link QueryCreated}.
 */
export interface QueryRequest {
  readonly sql: string
}

export interface QueryCreated {
  readonly id: string
  /** `Query was submit successfully.` */
  readonly message: string
}

/**
 * `GET /query/{id}`: the result payloads (each the JSON text a sink receives) produced since the previous poll.
 * A query not polled for 10 s is stopped and forgotten. `DELETE /query/{id}` stops it at once.
 */
export type QueryResults = readonly string[]

/**
 * HTTP status of each error code (one table for every endpoint). As in 1.0 and later eKuiper, only NOT_FOUND is a
 * 404 and every other refusal of a request a 400: an existing stream, rule or conf key is a CONFLICT answered 400
 * (1.0's functional tests expect 400 on a duplicate), never 409. The refusals 1.0 did not have keep their HTTP
 * meaning: 401 without a valid token, 403 for a browser's origin not allowed, 413 and 415 for the body itself.
 */
export const STATUS_BY_ERROR_CODE: Readonly<Record<ErrorCode, number>> = {
  PARSE_ERROR: 400,
  VALIDATION_ERROR: 400,
  EVAL_ERROR: 400,
  PLAN_ERROR: 400,
  NOT_FOUND: 404,
  CONFLICT: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  RULE_ERROR: 400,
  CONNECTOR_ERROR: 400,
  CONFIG_ERROR: 400,
  STATE_ERROR: 500,
  NOT_SUPPORTED: 501,
  INTERNAL: 500,
}
