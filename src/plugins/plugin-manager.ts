// Installs, upgrades and removes plugins while kuiperd runs (1.0's plugins/manager.go, without its restart):
// fetch → unpack into a staging folder → check the manifest → install.sh → move into place → import → register.
// Any failure before the registration deletes what was unpacked, so a refused archive leaves nothing behind.
// Running rules that use an upgraded or removed plugin are restarted on what is installed now.

import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ConnectorLogger, PayloadFormat } from '../connectors/api.js'
import type { ConnectorRegistry } from '../connectors/registry.js'
import { KuiperError, errorMessage } from '../core/errors.js'
import type { FetchLimits } from './fetch-archive.js'
import type { LoadedPlugin } from './loader.js'
import { readManifest } from './manifest.js'
import type { PluginKind, PluginManifest } from './manifest.js'
import { PluginLayout } from './plugin-layout.js'
import { pluginDeclaration } from './plugin-metadata.js'
import type { PluginFunctionCatalog } from './plugin-functions.js'

export interface PluginLimits extends FetchLimits {
  /** plugins.maxExtractedBytes */
  readonly maxExtractedBytes: number
  /** plugins.installScriptTimeout, ms */
  readonly installScriptTimeoutMs: number
}

export const DEFAULT_PLUGIN_LIMITS: PluginLimits = {
  maxArchiveBytes: 64 * 1024 * 1024,
  maxExtractedBytes: 256 * 1024 * 1024,
  timeoutMs: 60_000,
  allowLocalUrls: false,
  installScriptTimeoutMs: 300_000,
}

/** What the manager needs of the rules: which running ones use a plugin, and a restart. */
export interface PluginRuleControl {
  /** Ids of the running rules whose sources, sinks or SQL functions include the plugin. */
  rulesUsing(kind: PluginKind, name: string, functions: readonly string[]): string[]
  /** Stops and starts the rule; rejects with the start error. */
  restart(id: string): Promise<void>
}

/** What the plugin manager needs of the engine's format registry (src/formats/registry.ts). */
export interface PluginFormatRegistry {
  register(format: PayloadFormat): void
  unregister(name: string): void
  get(name: string): PayloadFormat | undefined
}

export interface PluginManagerOptions {
  readonly dataDir: string
  /** Source plugins' `<name>.yaml` goes to `<etcDir>/sources/` (1.0's place); absent: not copied. */
  readonly etcDir?: string
  readonly connectors: ConnectorRegistry
  /** Where the payload formats of source plugins go (the engine's format registry); absent: they are ignored. */
  readonly formats?: PluginFormatRegistry
  readonly functions: PluginFunctionCatalog
  readonly logger: ConnectorLogger
  readonly limits?: Partial<PluginLimits>
  /** Set once the rules exist (they are restored after the plugins are loaded). */
  rules?: PluginRuleControl
}

export interface InstallRequest {
  readonly name: string
  readonly file: string
  readonly shellParas?: readonly string[] | undefined
}

export interface InstalledPlugin {
  readonly kind: PluginKind
  readonly manifest: PluginManifest
  readonly folder: string
  readonly file: string
  readonly installedAt: number
}

/** `GET /plugins/{kind}/{name}` of an installed plugin. */
export interface InstalledDescription {
  readonly name: string
  readonly version: string
  readonly builtin: false
  readonly description?: string
  readonly file: string
  readonly installedAt: string
  readonly functions?: readonly { name: string; kind: string }[]
}

export class PluginManager {
  private readonly layout: PluginLayout
  private readonly limits: PluginLimits
  private readonly installed = new Map<string, InstalledPlugin>()
  /** The payload format names each source plugin registered, by plugin key. */
  private readonly formatNames = new Map<string, string[]>()
  /** rule id → what a plugin change did to it (shown with the rule's status). */
  private readonly notes = new Map<string, string>()
  /** What the loaded version of a plugin holds (an isolated function plugin's worker), ended when it goes. */
  private readonly disposers = new Map<string, () => void>()
  private queue: Promise<unknown> = Promise.resolve()
  private stamp = 0

  constructor(private readonly opts: PluginManagerOptions) {
    this.layout = new PluginLayout(opts.dataDir)
    this.limits = { ...DEFAULT_PLUGIN_LIMITS, ...(opts.limits ?? {}) }
  }

  set rules(control: PluginRuleControl) {
    this.opts.rules = control
  }

  /** At start, before rules are restored: registers every installed plugin; one that fails to load is logged and skipped. */
  async loadInstalled(): Promise<number> {
    this.layout.clearStaging()
    let n = 0
    for (const kind of ['sources', 'sinks', 'functions'] as const) {
      for (const name of this.layout.installed(kind)) {
        try {
          const rec = this.layout.record(kind, name)!
          const folder = join(this.layout.pluginDir(kind, name), rec.folder)
          const manifest = await readManifest(folder, name, kind)
          const { loadPlugin } = await import('./loader.js')
          const loaded = await loadPlugin(folder, manifest, this.opts.logger)
          try {
            this.checkConflicts(kind, manifest, loaded)
          } catch (err) {
            if (loaded.kind === 'function') loaded.dispose?.()
            throw err
          }
          this.register(kind, manifest, loaded)
          this.installed.set(key(kind, name), { kind, manifest, folder, file: rec.file, installedAt: rec.installedAt })
          this.layout.prune(kind, name, rec.folder)
          this.opts.logger.info(`${kind} plugin ${name} ${manifest.version} loaded`)
          n++
        } catch (err) {
          this.opts.logger.error(`${kind} plugin ${name} cannot be loaded: ${errorMessage(err)}`)
        }
      }
    }
    return n
  }

  list(kind: PluginKind): string[] {
    return [...this.installed.values()]
      .filter((p) => p.kind === kind)
      .map((p) => p.manifest.name)
      .sort()
  }

  get(kind: PluginKind, name: string): InstalledPlugin | undefined {
    return this.installed.get(key(kind, name))
  }

  describe(kind: PluginKind, name: string): InstalledDescription | undefined {
    const p = this.get(kind, name)
    if (p === undefined) return undefined
    const m = p.manifest
    return {
      name: m.name,
      version: m.version,
      builtin: false,
      ...(m.description !== undefined ? { description: m.description } : {}),
      file: p.file,
      installedAt: new Date(p.installedAt).toISOString(),
      ...(m.functions !== undefined ? { functions: m.functions.map((f) => ({ name: f.name, kind: f.kind })) } : {}),
    }
  }

  /** What the last plugin change did to a rule, if one did. */
  ruleNote(id: string): string | undefined {
    return this.notes.get(id)
  }

  /** Installs a plugin that is not installed (CONFLICT otherwise: upgrade it instead). */
  install(kind: PluginKind, req: InstallRequest): Promise<InstalledDescription> {
    return this.serial(async () => {
      if (this.installed.has(key(kind, req.name)))
        throw new KuiperError(
          'CONFLICT',
          `${kind} plugin ${req.name} is already installed (${this.get(kind, req.name)!.manifest.version}): upgrade it with PUT /plugins/${kind}/${req.name}`,
        )
      return this.put(kind, req)
    })
  }

  /** Replaces an installed plugin by the archive's version and restarts the running rules that use it. */
  upgrade(kind: PluginKind, req: InstallRequest): Promise<{ description: InstalledDescription; restarted: string[] }> {
    return this.serial(async () => {
      const old = this.get(kind, req.name)
      if (old === undefined) throw new KuiperError('NOT_FOUND', `${kind} plugin ${req.name} is not found`)
      const users = this.usersOf(kind, old.manifest)
      const description = await this.put(kind, req)
      const text = `restarted on ${kind} plugin ${req.name} ${description.version} (upgraded from ${old.manifest.version})`
      const restarted = await this.restartRules(users, text)
      return { description, restarted }
    })
  }

  /** Unregisters and deletes a plugin; running rules that use it are restarted (and so stop, the plugin gone). */
  remove(kind: PluginKind, name: string): Promise<{ stopped: string[] }> {
    return this.serial(async () => {
      const p = this.get(kind, name)
      if (p === undefined) throw new KuiperError('NOT_FOUND', `${kind} plugin ${name} is not found`)
      const users = this.usersOf(kind, p.manifest)
      this.unregister(kind, p.manifest)
      this.installed.delete(key(kind, name))
      this.layout.prune(kind, name, undefined)
      const conf = this.confPath(name)
      if (kind === 'sources' && conf !== undefined) rmSync(conf, { force: true })
      this.opts.logger.info(`${kind} plugin ${name} ${p.manifest.version} removed`)
      await this.restartRules(users, `stopped: ${kind} plugin ${name} was removed`)
      return { stopped: users }
    })
  }

  private usersOf(kind: PluginKind, m: PluginManifest): string[] {
    return (
      this.opts.rules?.rulesUsing(
        kind,
        m.name,
        (m.functions ?? []).map((f) => f.name),
      ) ?? []
    )
  }

  private async restartRules(ids: readonly string[], note: string): Promise<string[]> {
    const at = new Date().toISOString()
    const done: string[] = []
    for (const id of ids) {
      this.notes.set(id, `${note} at ${at}`)
      try {
        await this.opts.rules!.restart(id)
        done.push(id)
        this.opts.logger.info(`rule ${id} ${note}`)
      } catch (err) {
        this.opts.logger.warn(`rule ${id} ${note}; it cannot start: ${errorMessage(err)}`)
      }
    }
    return done
  }

  /** Fetches, checks, runs install.sh, moves into place, loads and registers; undoes everything on failure. */
  private async put(kind: PluginKind, req: InstallRequest): Promise<InstalledDescription> {
    const staging = this.layout.stagingDir()
    const pluginDir = this.layout.pluginDir(kind, req.name)
    let target: string | undefined
    try {
      // Imported by the first install: archives, downloads, install scripts and the plugin loader with its worker
      // isolation (worker_threads, child_process, http clients) are not on kuiperd's start path.
      const [{ fetchArchive }, { extractZip }, { runInstallScript }, { loadPlugin }] = await Promise.all([
        import('./fetch-archive.js'),
        import('./archive.js'),
        import('./install-script.js'),
        import('./loader.js'),
      ])
      const zip = join(staging, 'archive.zip')
      await fetchArchive(req.file, zip, this.limits)
      const files = join(staging, 'files')
      mkdirSync(files)
      await extractZip(zip, files, { maxExtractedBytes: this.limits.maxExtractedBytes })
      const manifest = await readManifest(files, req.name, kind)
      markEsm(files)
      const ran = await runInstallScript(
        files,
        req.shellParas ?? [],
        this.opts.logger,
        this.limits.installScriptTimeoutMs,
      )
      if (ran) this.opts.logger.info(`${kind} plugin ${req.name}: install.sh done`)
      const folder = `${manifest.version}-${Date.now().toString(36)}${(this.stamp++).toString(36)}`
      mkdirSync(pluginDir, { recursive: true })
      target = join(pluginDir, folder)
      renameSync(files, target)
      const loaded = await loadPlugin(target, manifest, this.opts.logger)
      try {
        this.checkConflicts(kind, manifest, loaded)
      } catch (err) {
        if (loaded.kind === 'function') loaded.dispose?.()
        throw err
      }
      if (kind === 'sources') this.copyConf(target, manifest.name)
      const installedAt = Date.now()
      this.layout.writeRecord(kind, req.name, { folder, version: manifest.version, file: req.file, installedAt })
      this.register(kind, manifest, loaded)
      this.installed.set(key(kind, req.name), { kind, manifest, folder: target, file: req.file, installedAt })
      this.layout.prune(kind, req.name, folder)
      this.opts.logger.info(`${kind} plugin ${req.name} ${manifest.version} installed from ${req.file}`)
      return this.describe(kind, req.name)!
    } catch (err) {
      if (target !== undefined) rmSync(target, { recursive: true, force: true })
      if (!this.installed.has(key(kind, req.name))) rmSync(pluginDir, { recursive: true, force: true })
      this.opts.logger.warn(`${kind} plugin ${req.name} not installed: ${errorMessage(err)}`)
      throw err
    } finally {
      rmSync(staging, { recursive: true, force: true })
    }
  }

  /** A plugin cannot take the name of a built-in connector or function, nor a function of another plugin. */
  private checkConflicts(kind: PluginKind, m: PluginManifest, loaded: LoadedPlugin): void {
    const mine = this.get(kind, m.name)
    if (kind === 'sources' && mine === undefined && this.opts.connectors.hasSource(m.name))
      throw new KuiperError('CONFLICT', `invalid name ${m.name}: duplicate, a source ${m.name} exists`)
    if (kind === 'sinks' && mine === undefined && this.opts.connectors.hasSink(m.name))
      throw new KuiperError('CONFLICT', `invalid name ${m.name}: duplicate, a sink ${m.name} exists`)
    if (loaded.kind === 'source') {
      const mine = this.formatNames.get(key(kind, m.name)) ?? []
      for (const f of loaded.formats) {
        const name = f.name.trim().toUpperCase()
        if (this.opts.formats?.get(name) !== undefined && !mine.includes(name))
          throw new KuiperError('CONFLICT', `format ${name} of plugin ${m.name} exists already`)
      }
    }
    if (loaded.kind !== 'function') return
    for (const f of loaded.functions) {
      if (this.opts.functions.isBuiltin(f.name))
        throw new KuiperError('CONFLICT', `function ${f.name} of plugin ${m.name} is a built-in function`)
      const owner = this.opts.functions.providerOf(f.name)
      if (owner !== undefined && owner !== key(kind, m.name))
        throw new KuiperError(
          'CONFLICT',
          `function ${f.name} of plugin ${m.name} is already provided by plugin ${owner}`,
        )
    }
  }

  private register(kind: PluginKind, m: PluginManifest, loaded: LoadedPlugin): void {
    this.dispose(kind, m.name)
    if (loaded.kind === 'function' && loaded.dispose !== undefined)
      this.disposers.set(key(kind, m.name), loaded.dispose)
    if (loaded.kind === 'source') {
      this.opts.connectors.registerSource(m.name, loaded.factory, loaded.validate, pluginDeclaration(m))
      // An upgrade replaces the formats of the previous version.
      this.unregisterFormats(key(kind, m.name))
      const formats = this.opts.formats
      if (formats !== undefined && loaded.formats.length > 0) {
        for (const f of loaded.formats) formats.register(f)
        this.formatNames.set(
          key(kind, m.name),
          loaded.formats.map((f) => f.name.trim().toUpperCase()),
        )
      }
    } else if (loaded.kind === 'sink')
      this.opts.connectors.registerSink(m.name, loaded.factory, loaded.validate, pluginDeclaration(m))
    else this.opts.functions.setPlugin(key(kind, m.name), loaded.functions)
  }

  /**
   * Ends what the replaced or removed version holds once the rules using it have restarted (until then they still
   * call it); called at once when no rule is to restart.
   */
  private dispose(kind: PluginKind, name: string): void {
    const d = this.disposers.get(key(kind, name))
    this.disposers.delete(key(kind, name))
    if (d !== undefined) void this.queue.then(d, d)
  }

  private unregisterFormats(pluginKey: string): void {
    for (const name of this.formatNames.get(pluginKey) ?? []) this.opts.formats?.unregister(name)
    this.formatNames.delete(pluginKey)
  }

  private unregister(kind: PluginKind, m: PluginManifest): void {
    this.dispose(kind, m.name)
    if (kind === 'sources') {
      this.opts.connectors.unregisterSource(m.name)
      this.unregisterFormats(key(kind, m.name))
    } else if (kind === 'sinks') this.opts.connectors.unregisterSink(m.name)
    else this.opts.functions.removePlugin(key(kind, m.name))
  }

  private confPath(name: string): string | undefined {
    // Sources are looked up by their TYPE in lower case, their conf file too.
    return this.opts.etcDir !== undefined ? join(this.opts.etcDir, 'sources', `${name.toLowerCase()}.yaml`) : undefined
  }

  /** 1.0: a source plugin's `<name>.yaml` becomes etc/sources/<name>.yaml (the name in lower case). */
  private copyConf(folder: string, name: string): void {
    const from = join(folder, `${name}.yaml`)
    const to = this.confPath(name)
    if (to === undefined || !existsSync(from)) return
    mkdirSync(join(this.opts.etcDir!, 'sources'), { recursive: true })
    copyFileSync(from, to)
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f, f)
    this.queue = run.catch(() => undefined)
    return run
  }
}

/**
 * The plugin's `.js` files are ES modules: without a package.json of its own, the folder gets `{"type":"module"}`
 * (Node would otherwise take them for CommonJS, the data folder having no package.json above it).
 */
function markEsm(folder: string): void {
  const pkg = join(folder, 'package.json')
  if (!existsSync(pkg)) writeFileSync(pkg, '{ "type": "module" }\n')
}

function key(kind: PluginKind, name: string): string {
  return `${kind}/${name}`
}
