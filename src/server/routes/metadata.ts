// `/metadata`: the UI helpers of 1.0 (functions, sinks, sources and their conf keys), messages in the request's
// Content-Language (etc/multilingual).

import type { Routes } from '../http/http-app.js'
import type { HttpRequest } from '../http/http-request.js'
import { KuiperError } from '../../core/errors.js'
import { checkName } from '../../core/names.js'
import { installedManifest, pluginAbout, pluginProperties } from '../../plugins/plugin-metadata.js'
import type { ServerContext } from '../context.js'
import { functionMetadata } from '../function-metadata.js'
import { message } from '../context.js'
import type { FieldMeta } from '../metadata-catalog.js'
import { COMMON_SINK_PROPERTIES, connectorAbout, declaredFields, fieldsOf, RULE_OPTIONS } from '../metadata-catalog.js'
import { jsonBody } from '../request.js'
import { sendText } from '../reply.js'
import { deleteFields, readSourceConf, saveSourceSection } from '../source-conf-files.js'
import type { SourceConf } from '../source-conf-files.js'

function language(req: HttpRequest): string | undefined {
  const h = req.headers['content-language']
  return typeof h === 'string' && h !== '' ? h.replace('-', '_') : undefined
}

function withDefaults(fields: readonly FieldMeta[], values: Readonly<Record<string, unknown>>): FieldMeta[] {
  return fields.map((f) => (f.name in values ? { ...f, default: values[f.name] } : f))
}

export function metadataRoutes(app: Routes, ctx: ServerContext): void {
  const m = ctx.manager
  const fail = (req: HttpRequest, code: 'NOT_FOUND' | 'CONFLICT', section: string, key: string, what: string) =>
    new KuiperError(code, `${message(ctx, language(req), section, key)}${what}`)

  app.get('/metadata/functions', async () => functionMetadata(ctx.plugins))

  // Installed plugins: their about block (installed) and the properties their manifest declares.
  const plugin = (kind: 'sources' | 'sinks', name: string) => installedManifest(ctx.plugins, kind, name)
  const aboutOf = (kind: 'source' | 'sink', name: string) => {
    const manifest = plugin(`${kind}s`, name)
    return manifest !== undefined
      ? pluginAbout(manifest)
      : connectorAbout(kind, name, m.connectorProperties(kind, name))
  }

  app.get('/metadata/sinks', async () => m.sinkTypes().map((name) => ({ name, about: aboutOf('sink', name) })))

  const sinkMeta = (req: HttpRequest, name: string, props: Readonly<Record<string, unknown>> = {}) => {
    if (!m.sinkTypes().includes(name)) throw fail(req, 'NOT_FOUND', 'sink', 'not_found_plugin', name)
    const manifest = plugin('sinks', name)
    return {
      about: aboutOf('sink', name),
      libs: [],
      properties:
        manifest !== undefined
          ? pluginProperties(manifest, props)
          : withDefaults(declaredFields(m.connectorProperties('sink', name)), props),
    }
  }

  app.get('/metadata/sinks/:name', async (req) => ({
    customProperty: { [req.params.name]: sinkMeta(req, req.params.name) },
    baseProperty: { [req.params.name]: { properties: COMMON_SINK_PROPERTIES } },
    baseOption: { properties: RULE_OPTIONS },
  }))

  app.get('/metadata/sinks/rule/:id', async (req) => {
    const rule = m.getRule(req.params.id)
    const customProperty: Record<string, unknown> = {}
    const baseProperty: Record<string, unknown> = {}
    for (const action of rule.actions) {
      for (const [type, props] of Object.entries(action)) {
        const p = typeof props === 'object' && props !== null ? (props as Record<string, unknown>) : {}
        customProperty[type] = sinkMeta(req, type, p)
        baseProperty[type] = { properties: withDefaults(COMMON_SINK_PROPERTIES, p) }
      }
    }
    return { customProperty, baseProperty, baseOption: { properties: withDefaults(RULE_OPTIONS, { ...rule.options }) } }
  })

  app.get('/metadata/sources', async () => m.sourceTypes().map((name) => ({ name, about: aboutOf('source', name) })))

  // Reads see etc/ with the data folder's overlay; saves go to the overlay only (etc/ may be read-only).
  const dirs = { etcDir: ctx.etcDir, dataDir: ctx.dataDir }
  const conf = (req: HttpRequest, name: string): SourceConf => {
    if (!m.sourceTypes().includes(name)) throw fail(req, 'NOT_FOUND', 'source', 'not_found_plugin', name)
    return readSourceConf(dirs, name)
  }
  const sectionOf = (req: HttpRequest, name: string, confKey: string): Record<string, unknown> | undefined => {
    const c = conf(req, name)
    return Object.hasOwn(c, confKey) ? c[confKey] : undefined
  }
  const existing = (req: HttpRequest, name: string, confKey: string): Record<string, unknown> => {
    const section = sectionOf(req, name, confKey)
    if (section === undefined) throw fail(req, 'NOT_FOUND', 'source', 'not_found_confkey', confKey)
    return section
  }

  // 1.0's shape: the declared properties of each conf key (`default` and every section), valued from the yaml, with
  // `exist` saying which a section sets itself; keys the yaml has but no property declares follow, typed from
  // their values.
  app.get('/metadata/sources/:name', async (req) => {
    const { name } = req.params
    const c = conf(req, name)
    const manifest = plugin('sources', name)
    const declared = declaredFields(m.connectorProperties('source', name))
    const fieldsFor = (values: Readonly<Record<string, unknown>>) =>
      manifest !== undefined
        ? pluginProperties(manifest, values, fieldsOf)
        : [
            ...withDefaults(declared, values),
            ...fieldsOf(
              Object.fromEntries(Object.entries(values).filter(([k]) => !declared.some((f) => f.name === k))),
            ),
          ]
    const defaults = c['default'] ?? {}
    const properties: Record<string, unknown> = { default: fieldsFor(defaults) }
    for (const [k, section] of Object.entries(c)) {
      if (k === 'default') continue
      properties[k] = fieldsFor({ ...defaults, ...section }).map((f) => ({ ...f, exist: f.name in section }))
    }
    return { about: aboutOf('source', name), libs: [], properties }
  })

  app.get('/metadata/sources/yaml/:name', async (req) => conf(req, req.params.name))

  app.get('/metadata/sources/:name/confKeys', async (req) => Object.keys(conf(req, req.params.name)))

  app.post('/metadata/sources/:name/confKeys/:confKey', async (req, reply) => {
    const { name, confKey } = req.params
    checkName('conf key', confKey)
    const section = sectionOf(req, name, confKey)
    if (section !== undefined && Object.keys(section).length > 0) {
      throw fail(req, 'CONFLICT', 'source', 'confkey_already_exist', confKey)
    }
    saveSourceSection(dirs, name, confKey, objectBody(req.body))
    sendText(reply, 200, '')
  })

  app.delete('/metadata/sources/:name/confKeys/:confKey', async (req, reply) => {
    const { name, confKey } = req.params
    existing(req, name, confKey)
    saveSourceSection(dirs, name, confKey, undefined)
    sendText(reply, 200, '')
  })

  app.post('/metadata/sources/:name/confKeys/:confKey/field', async (req, reply) => {
    const { name, confKey } = req.params
    saveSourceSection(dirs, name, confKey, { ...existing(req, name, confKey), ...objectBody(req.body) })
    sendText(reply, 200, '')
  })

  app.delete('/metadata/sources/:name/confKeys/:confKey/field', async (req, reply) => {
    const { name, confKey } = req.params
    const section = existing(req, name, confKey)
    deleteFields(section, objectBody(req.body))
    saveSourceSection(dirs, name, confKey, section)
    sendText(reply, 200, '')
  })
}

function objectBody(body: unknown): Record<string, unknown> {
  const v = jsonBody(body, 'configuration')
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new KuiperError('BAD_REQUEST', 'Invalid body: expected a JSON object of properties')
  }
  return v as Record<string, unknown>
}
