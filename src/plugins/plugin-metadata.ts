// What `/metadata` shows of installed source and sink plugins, in 1.0's shapes (etc/sources|sinks/<name>.json): the
// about block (`installed: true`) and the properties a manifest declares (functions: server/function-metadata.ts). One place to map manifest declarations to the metadata fields, so it can follow the connectors' own
// property declarations.

import { declareConnector } from '../connectors/properties.js'
import type { ConnectorDeclaration, PropertyDecl, PropertyType } from '../connectors/properties.js'
import type { DeclaredProperty, PluginKind, PluginManifest } from './manifest.js'
import type { PluginManager } from './plugin-manager.js'

export interface MetadataTexts {
  readonly en: string
  readonly zh: string
}

/** One property field as 1.0's /metadata serves it (server/metadata-catalog.ts FieldMeta has the same shape). */
export interface PluginFieldMeta {
  readonly name: string
  readonly default: unknown
  readonly optional: boolean
  readonly control: 'text' | 'text-area' | 'list' | 'radio'
  readonly type: DeclaredProperty['type']
  readonly hint: MetadataTexts
  readonly label: MetadataTexts
  readonly values?: readonly unknown[]
}

export interface PluginAbout {
  readonly trial: false
  readonly installed: true
  readonly author: { readonly name: string; readonly email: string; readonly company: string; readonly website: string }
  readonly helpUrl: MetadataTexts
  readonly description: MetadataTexts
}

function texts(t: { en: string; zh?: string | undefined } | undefined, fallback: string): MetadataTexts {
  return { en: t?.en ?? fallback, zh: t?.zh ?? t?.en ?? fallback }
}

/** The manifest of the installed plugin `name` (sources match in any case, as stream TYPEs do). */
export function installedManifest(
  plugins: PluginManager | undefined,
  kind: PluginKind,
  name: string,
): PluginManifest | undefined {
  if (plugins === undefined) return undefined
  const exact = plugins.get(kind, name)
  if (exact !== undefined || kind !== 'sources') return exact?.manifest
  const match = plugins.list(kind).find((n) => n.toLowerCase() === name.toLowerCase())
  return match !== undefined ? plugins.get(kind, match)?.manifest : undefined
}

export function pluginAbout(m: PluginManifest): PluginAbout {
  const a = m.about
  return {
    trial: false,
    installed: true,
    author: {
      name: a?.author?.name ?? '',
      email: a?.author?.email ?? '',
      company: a?.author?.company ?? '',
      website: a?.author?.website ?? '',
    },
    helpUrl: texts(a?.helpUrl, ''),
    description: texts(a?.description, m.description ?? `The ${m.name} ${m.kind} plugin`),
  }
}

function field(p: DeclaredProperty, value: unknown): PluginFieldMeta {
  const control = p.control ?? (p.type === 'bool' ? 'radio' : 'text')
  const values = p.values ?? (p.type === 'bool' ? [true, false] : undefined)
  return {
    name: p.name,
    // No declared default and no configured value: null, not an invented one.
    default: value !== undefined ? value : (p.default ?? null),
    optional: p.optional,
    control,
    type: p.type,
    hint: texts(p.hint, ''),
    label: texts(p.label, p.name),
    ...(values !== undefined ? { values } : {}),
  }
}

/**
 * The declared properties, each with its value in `values` (a rule action's or a conf section's) as its default;
 * keys of `values` the manifest does not declare are described by `undeclared` (server: inferred from the value).
 */
export function pluginProperties<F>(
  m: PluginManifest,
  values: Readonly<Record<string, unknown>>,
  undeclared: (rest: Readonly<Record<string, unknown>>) => readonly F[] = () => [],
): (PluginFieldMeta | F)[] {
  const declared = m.properties ?? []
  const names = new Set(declared.map((p) => p.name))
  const rest = Object.fromEntries(Object.entries(values).filter(([k]) => !names.has(k)))
  return [
    ...declared.map((p) => field(p, Object.hasOwn(values, p.name) ? values[p.name] : undefined)),
    ...undeclared(rest),
  ]
}

/** The connector property types the manifest's 1.0 field types are checked as (lists of floats or objects: any). */
const CHECKED_AS: Readonly<Record<DeclaredProperty['type'], PropertyType>> = {
  string: 'string',
  float: 'float',
  int: 'int',
  bool: 'bool',
  list_string: 'list_string',
  list_int: 'list_int',
  list_float: 'any',
  list_object: 'any',
}

/**
 * The connector declaration of a source or sink plugin made from the properties its manifest declares, so that a
 * rule or stream naming a bad one is refused at create as for a built-in connector (undefined: none declared).
 */
export function pluginDeclaration(m: PluginManifest): ConnectorDeclaration | undefined {
  if (m.properties === undefined || m.kind === 'function') return undefined
  const properties: Record<string, PropertyDecl> = {}
  for (const p of m.properties) {
    const values = p.values?.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    properties[p.name] = {
      type: CHECKED_AS[p.type],
      description: texts(p.hint, ''),
      ...(p.default !== undefined ? { default: p.default } : {}),
      ...(p.optional ? {} : { required: true }),
      ...(values !== undefined && values.length > 0 && p.type !== 'bool' ? { values } : {}),
    }
  }
  return declareConnector({
    name: m.name,
    kind: m.kind,
    description: texts(m.about?.description, m.description ?? `The ${m.name} ${m.kind} plugin`),
    properties,
  })
}
