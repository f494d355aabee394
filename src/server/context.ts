// What every route module gets: the rule manager, the message catalog and the server's facts.

import type { PluginManager } from '../plugins/plugin-manager.js'
import type { RuleManager } from '../rules/rule-manager.js'

/** language → section → key → text (etc/multilingual/<lang>.ini). */
export type Messages = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>>

export interface ServerContext {
  readonly manager: RuleManager
  readonly version: string
  readonly messages: Messages
  /** Used when a request has no (known) Content-Language. */
  readonly defaultLanguage: string
  /** Epoch ms of the server start and a clock (uptime). */
  readonly startedAt: number
  readonly now: () => number
  /** etc/ dir: source configuration files for the /metadata/sources endpoints. */
  readonly etcDir?: string
  /** The data folder: the /metadata/sources confKeys changes are saved in its sources/ (etc/ is read-only). */
  readonly dataDir?: string
  /** Installed plugins (kuiperd); absent: only the built-in ones are listed and nothing can be installed. */
  readonly plugins?: PluginManager
  /** Stops the server process (DELETE /plugins/...?restart=1); absent: the parameter is refused. */
  readonly requestStop?: () => void
}

const FALLBACK: Readonly<Record<string, string>> = {
  not_found_plugin: 'This plugin was not found: ',
  not_found_confkey: 'This confkey was not found: ',
  confkey_already_exist: 'This confkey already exists: ',
  json_marshal_fail: 'Failed to format json data: ',
  type_conversion_fail: 'Type conversion failed: ',
  not_found_file: "Can't find this file: ",
  write_data_fail: 'Failed to write data to file: ',
}

/** 1.0's getMsg: the text of `section.key` in the request's language (Content-Language), else the default one. */
export function message(ctx: ServerContext, language: string | undefined, section: string, key: string): string {
  const lang = language !== undefined && ctx.messages[language] !== undefined ? language : ctx.defaultLanguage
  return ctx.messages[lang]?.[section]?.[key] ?? ctx.messages['en_US']?.[section]?.[key] ?? FALLBACK[key] ?? key
}
