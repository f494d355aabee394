// kuiperd's start and stop (main.ts is the process around it): config → data folder lock → store → engine and rule
// manager → REST (and Prometheus) servers listening → embedded MQTT broker (optional) → rules restored → 1.0's
// banner; a graceful stop (rules stop, sinks flush, MQTT clients and broker closed, store closed, lock released).
// The ports are bound before any rule starts, so a kuiperd that cannot serve starts nothing.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseKuiperdArgs } from './config/args.js'
import { loadConfig } from './config/load-config.js'
import type { KuiperConfig } from './config/kuiper-config.js'
import { loadMessageCatalog } from './config/multilingual.js'
import { bundledEtcDir, resolvePaths } from './config/paths.js'
import type { KuiperPaths } from './config/paths.js'
import { systemClock } from './core/clock.js'
import { KuiperError, errorMessage } from './core/errors.js'
import { Engine } from './engine.js'
import { connectorLogger, createKuiperLogger } from './config/logger.js'
import { lockDataDir } from './config/data-dir-lock.js'
import { releaseCompilers } from './config/start-up-hold.js'
import type { DataDirLock } from './config/data-dir-lock.js'
import type { KuiperLogger } from './config/logger.js'
import { backoffRestart } from './rules/restart-strategy.js'
import { RuleManager } from './rules/rule-manager.js'
import type { RuleOptions } from './plan/options.js'
import { builtConsoleDir } from './server/console.js'
import type { HttpApp } from './server/http/http-app.js'
import { createMetricsServer } from './server/metrics-server.js'
import { createRestServer } from './server/server.js'
import { createKvStore } from './state/index.js'
import type { KvStore } from './state/index.js'
import { loadSourceProfiles } from './catalog/source-profiles.js'
import { applyEnvOverrides } from './config/env-overrides.js'
import { childLogger } from './connectors/api.js'
import type { ConnectorLogger } from './connectors/api.js'
import type { EmbeddedBroker } from './connectors/mqtt/embedded-broker.js'
import { closeProcessResources } from './connectors/shared/process-resources.js'
import { builtinFunctions } from './functions/registry.js'
import { PluginFunctionCatalog } from './plugins/plugin-functions.js'
import { PluginManager } from './plugins/plugin-manager.js'
import type { PluginRuleControl } from './plugins/plugin-manager.js'
import { ruleUsesPlugin } from './plugins/rule-usage.js'

export function kuiperVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const v = (pkg as { version?: unknown }).version
  return typeof v === 'string' ? v : 'unknown'
}

export interface RunningKuiperd {
  readonly restUrl: string
  readonly metricsUrl?: string
  readonly config: KuiperConfig
  readonly paths: KuiperPaths
  /** Stops everything; resolves when the store is closed. Idempotent. */
  stop(): Promise<void>
}

/** Starts kuiperd from command-line arguments and the environment. Throws a CONFIG_ERROR for a bad config. */
export async function startKuiperd(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<RunningKuiperd> {
  const args = parseKuiperdArgs(argv)
  const paths = resolvePaths({
    ...(args.config !== undefined ? { config: args.config } : {}),
    ...(args.data !== undefined ? { data: args.data } : {}),
    env,
  })
  const loaded = loadConfig(paths.configFile, env)
  const config = loaded.config
  const version = kuiperVersion()
  const tls = config.basic.restTls
  // node:tls, which checks the certificate and key, is loaded only when REST is served over HTTPS.
  const https = tls !== undefined && tls !== null ? (await import('./config/rest-tls.js')).readRestTls(tls) : undefined

  const log: KuiperLogger = createKuiperLogger({
    debug: config.basic.debug,
    consoleLog: config.basic.consoleLog,
    fileLog: config.basic.fileLog,
    logDir: paths.logDir,
    rotateTime: config.basic.rotateTime,
    maxAge: config.basic.maxAge,
    format: config.basic.logFormat,
  })
  const logger = log.logger
  logger.info(`kuiperd ${version}: config ${loaded.fileFound ? paths.configFile : '(built-in defaults)'}`)
  for (const o of loaded.overrides) logger.info(`config ${o.path.join('.')} set by ${o.variable}`)
  for (const k of loaded.unknownKeys) logger.warn(`config key ${k} of ${paths.configFile} is not used`)

  // One kuiperd per data folder, checked before anything is opened or started.
  let lock: DataDirLock
  try {
    lock = lockDataDir(paths.dataDir)
  } catch (err) {
    logger.error(`kuiperd failed to start: ${errorMessage(err)}`)
    await log.flush()
    throw err
  }

  const { password, ...redis } = config.store.redis
  const store: KvStore = await createKvStore(config.store.type, {
    dataDir: paths.dataDir,
    sqliteName: config.store.sqlite.name,
    redis: { ...redis, ...(password !== undefined ? { password } : {}) },
  })
  const connectors = connectorLogger(logger)
  const ruleLogger = {
    info: (m: string) => logger.info(m),
    warn: (m: string) => logger.warn(m),
    error: (m: string) => logger.error(m),
  }
  // Installed plugins add functions to this catalog and connectors to the engine's registry while kuiperd runs.
  const functions = new PluginFunctionCatalog(builtinFunctions)
  const engine = new Engine({
    functions,
    restartStrategy: backoffRestart(config.rule.restartStrategy),
    ruleLogger,
    traceRingSize: config.trace.ringSize,
    stateStore: store,
    logger: connectors,
    dataDir: paths.dataDir,
    sinkSettings: {
      outboxLimits: {
        maxBytes: config.sink.outboxMaxBytes,
        maxDiskPercent: config.sink.outboxMaxDiskPercent,
        ...(config.store.type === 'sqlite' ? { diskPath: paths.dataDir } : {}),
      },
      closeGrace: config.sink.shutdownTimeout,
    },
    allow: { files: config.connectors.fileAllowList ?? undefined, urls: config.connectors.httpAllowList ?? undefined },
    sourceProfiles: loadSourceProfiles(paths.etcDir, {
      dataDir: paths.dataDir,
      overrides: sourceEnvOverrides(env),
      warn: (m) => logger.warn(m),
    }),
  })
  const manager = new RuleManager({
    engine,
    store,
    ruleDefaults: ruleOptionDefaults(config.rule),
    logger: ruleLogger,
    ruleTests: { timeLimit: config.ruleTest.timeLimit, maxConcurrent: config.ruleTest.maxConcurrent },
  })
  const plugins = new PluginManager({
    dataDir: paths.dataDir,
    etcDir: paths.etcDir,
    connectors: engine.connectors,
    formats: engine.formats,
    functions,
    logger: childLogger(connectors, { connector: 'plugins' }),
    limits: {
      maxArchiveBytes: config.plugins.maxArchiveBytes,
      maxExtractedBytes: config.plugins.maxExtractedBytes,
      timeoutMs: config.plugins.fetchTimeout,
      allowLocalUrls: config.plugins.allowLocalUrls,
      installScriptTimeoutMs: config.plugins.installScriptTimeout,
    },
  })
  plugins.rules = pluginRuleControl(engine, manager)
  // Before the rules are restored: rules using a plugin start with it.
  await plugins.loadInstalled()
  const servers: HttpApp[] = []
  let broker: EmbeddedBroker | undefined
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      logger.info('kuiperd is stopping')
      for (const s of servers) await s.close().catch(() => undefined)
      await manager.close().catch((err: unknown) => logger.error(`stopping rules: ${errorMessage(err)}`))
      await engine.close().catch(() => undefined)
      await closeProcessResources((name, err) => logger.error(`closing ${name}: ${errorMessage(err)}`))
      await broker?.stop().catch((err: unknown) => logger.error(`stopping the MQTT broker: ${errorMessage(err)}`))
      await store.close()
      lock.release()
      logger.info('kuiperd stopped')
      await log.flush()
    })())

  try {
    // prom-client is loaded only when Prometheus is on.
    const registry = config.basic.prometheus
      ? (await import('./server/metrics.js')).createMetricsRegistry(manager)
      : undefined
    const samePort = registry !== undefined && config.basic.prometheusPort === config.basic.restPort
    const consoleDir = config.basic.console ? builtConsoleDir() : undefined
    if (config.basic.console && consoleDir === undefined) {
      logger.warn('basic.console is on but the console was not built (npm run build): /console/ answers 404')
    }
    const rest = await createRestServer({
      manager,
      version,
      // The shipped catalogs, overridden by the etc dir's own.
      messages: {
        ...loadMessageCatalog(join(bundledEtcDir(), 'multilingual')),
        ...loadMessageCatalog(join(paths.etcDir, 'multilingual')),
      },
      defaultLanguage: config.basic.language,
      startedAt: systemClock.now(),
      now: () => systemClock.now(),
      etcDir: paths.etcDir,
      dataDir: paths.dataDir,
      allowedOrigins: config.basic.restAllowedOrigins,
      ...(consoleDir !== undefined ? { consoleDir } : {}),
      ...(config.basic.authentication ? { authKeyDir: join(paths.etcDir, 'mgmt') } : {}),
      logger,
      plugins,
      // DELETE /plugins/...?restart=1 (1.0): kuiperd stops, as on SIGTERM, for its supervisor to start it again.
      requestStop: () => void process.kill(process.pid, 'SIGTERM'),
      ...(https !== undefined ? { https } : {}),
      ...(samePort ? { metrics: registry } : {}),
    })
    servers.push(rest)
    await rest.listen(config.basic.restPort, config.basic.restIp)
    const restPort = rest.port
    const scheme = https !== undefined ? 'https' : 'http'
    const restUrl = `${scheme}://${urlHost(config.basic.restIp)}:${restPort}`
    const restListen = `${scheme}://${listenHost(config.basic.restIp)}:${restPort}`
    let metricsUrl: string | undefined
    if (registry !== undefined) {
      let metricsListen = `${restListen}/metrics`
      if (samePort) metricsUrl = `${restUrl}/metrics`
      else {
        const ms = await createMetricsServer(registry)
        servers.push(ms)
        await ms.listen(config.basic.prometheusPort, config.basic.restIp)
        metricsUrl = `http://${urlHost(config.basic.restIp)}:${ms.port}/metrics`
        metricsListen = `http://${listenHost(config.basic.restIp)}:${ms.port}/metrics`
      }
      logger.info(`Serving prometheus metrics on ${metricsListen}`)
    }
    // The rules' code is compiled as before: only start-up itself runs without the compilers above the interpreter.
    releaseCompilers()
    // Rules start only now that the ports are bound. They are restored in batches that yield to the event loop, so
    // REST answers meanwhile (a rule not started yet shows `Starting`); the banner says when every rule was tried.
    if (config.mqttBroker.enable)
      broker = await startBroker(config.mqttBroker, childLogger(connectors, { connector: 'mqttBroker' }))
    await manager.load()
    // 1.0's banner without its RPC port, where nothing listens (the CLI talks REST). Printed once on stdout; the
    // log file gets it through the file-only logger, so that consoleLog does not print it a second time.
    const banner = `Serving kuiper (version - ${version}), and restful api on ${restListen}.`
    log.fileLogger.info(banner)
    process.stdout.write(`${banner}\n`)
    if (consoleDir !== undefined) logger.info(`web console at ${restUrl}/console/`)
    return { restUrl, ...(metricsUrl !== undefined ? { metricsUrl } : {}), config, paths, stop }
  } catch (err) {
    logger.error(`kuiperd failed to start: ${errorMessage(err)}`)
    await stop()
    throw err
  }
}

/**
 * Starts the embedded broker of the `mqttBroker` section. A port already taken (by another broker, usually) is a
 * warning: kuiperd goes on and the rules use whatever listens there. Other failures stop kuiperd from starting.
 */
async function startBroker(
  conf: KuiperConfig['mqttBroker'],
  logger: ConnectorLogger,
): Promise<EmbeddedBroker | undefined> {
  try {
    // Imported only when the broker is on (aedes itself is loaded when it starts).
    const { startEmbeddedBroker } = await import('./connectors/mqtt/embedded-broker.js')
    return await startEmbeddedBroker({ host: conf.host, port: conf.port, logger })
  } catch (err) {
    if (!(err instanceof KuiperError) || err.code !== 'CONFLICT') throw err
    logger.warn(`${err.message} kuiperd goes on without its embedded broker.`)
    return undefined
  }
}

/** The running rules that use a plugin, and their restart through the rule manager (its status, its persistence). */
function pluginRuleControl(engine: Engine, manager: RuleManager): PluginRuleControl {
  const specOf = (id: string): ReturnType<Engine['ruleSpec']> | undefined => {
    try {
      return engine.ruleSpec(id)
    } catch {
      return undefined
    }
  }
  return {
    rulesUsing: (kind, name, fns) =>
      manager
        .ruleIds()
        .filter((id) => manager.ruleStatus(id, { metrics: false }).status === 'Running')
        .filter((id) => ruleUsesPlugin({ sql: manager.getRule(id).sql, spec: specOf(id) }, kind, name, fns)),
    restart: async (id) => void (await manager.restartRule(id)),
  }
}

/**
 * 1.0's docker overrides of the source files (`MQTT_SOURCE__DEFAULT__SERVERS=...`), applied each time a source's
 * properties are read (every rule start). The variables aimed at each file are picked out once: scanning and sorting
 * the whole environment at every start was a sixth of the time to restore thousands of rules.
 */
function sourceEnvOverrides(
  env: Readonly<Record<string, string | undefined>>,
): (file: string, conf: Record<string, unknown>) => void {
  const byFile = new Map<string, Record<string, string | undefined>>()
  for (const [name, value] of Object.entries(env)) {
    const cut = name.indexOf('__')
    if (cut <= 0) continue
    const file = name.slice(0, cut).toLowerCase()
    const vars = byFile.get(file) ?? {}
    vars[name] = value
    byFile.set(file, vars)
  }
  return (file, conf) => {
    const vars = byFile.get(file)
    if (vars !== undefined) applyEnvOverrides(file, conf, vars)
  }
}

/** The rule options of kuiper.yaml's `rule:` section (other keys there are not rule options). */
function ruleOptionDefaults(r: KuiperConfig['rule']): RuleOptions {
  const { isEventTime, lateTolerance, concurrency, bufferLength, sendMetaToSink, qos, checkpointInterval } = r
  return { isEventTime, lateTolerance, concurrency, bufferLength, sendMetaToSink, qos, checkpointInterval }
}

/** The address as listened on (IPv6 in brackets), for what kuiperd says about itself. */
function listenHost(ip: string): string {
  if (ip === '') return '0.0.0.0'
  return ip.includes(':') ? `[${ip}]` : ip
}

/** An address a local client can connect to (the wildcard addresses → loopback). */
function urlHost(ip: string): string {
  if (ip === '0.0.0.0' || ip === '' || ip === '::') return '127.0.0.1'
  return ip.includes(':') ? `[${ip}]` : ip
}
