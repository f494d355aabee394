// The servers the test suite talks to, each with its standard loopback port, the Debian package that brings it,
// how to start a private one on another port, and the environment variable that tells the tests its port.

import { userInfo } from 'node:os'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { influxAnswers, mqttAnswers, redisAnswers } from './probes.js'

/** How to start one server: its arguments, extra environment, and where it writes (all under `dir`). */
export interface ServerCommand {
  readonly args: readonly string[]
  readonly env?: Readonly<Record<string, string>>
}

export interface TestService {
  readonly name: string
  /** The port tests use when the runner did not set `envVar` (a test file run directly). */
  readonly standardPort: number
  /** Holds the port (on 127.0.0.1) of the server the runner found or started. */
  readonly envVar: string
  readonly binary: string
  readonly debianPackage: string
  /** Whether the server on 127.0.0.1:`port` speaks the protocol. */
  answers(port: number): Promise<boolean>
  /** Extra free ports the server binds besides its main one (InfluxDB's backup RPC port). */
  readonly extraPorts?: number
  /** The command line of a private server on `port`, keeping its files in `dir` (created, empty). */
  command(port: number, dir: string, extraPorts: readonly number[]): ServerCommand
  /** Seconds to wait for a started server to answer. */
  readonly startTimeoutS: number
}

const mosquitto: TestService = {
  name: 'Mosquitto',
  standardPort: 1883,
  envVar: 'KUIPER_TEST_MQTT_PORT',
  binary: 'mosquitto',
  debianPackage: 'mosquitto',
  answers: mqttAnswers,
  startTimeoutS: 20,
  command(port, dir) {
    const conf = join(dir, 'mosquitto.conf')
    // `user` keeps root as root (mosquitto would switch to its own user, which cannot read a root-only temp dir).
    writeFileSync(
      conf,
      `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\nuser ${userInfo().username}\n`,
    )
    return { args: ['-c', conf] }
  },
}

const redis: TestService = {
  name: 'Redis',
  standardPort: 6379,
  envVar: 'KUIPER_TEST_REDIS_PORT',
  binary: 'redis-server',
  debianPackage: 'redis-server',
  answers: redisAnswers,
  startTimeoutS: 20,
  command(port, dir) {
    return {
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    }
  },
}

const influxdb: TestService = {
  name: 'InfluxDB',
  standardPort: 8086,
  envVar: 'KUIPER_TEST_INFLUX_PORT',
  binary: 'influxd',
  debianPackage: 'influxdb',
  answers: influxAnswers,
  extraPorts: 1,
  startTimeoutS: 60,
  command(port, dir, [rpcPort]) {
    // An empty config file, so no /etc/influxdb/influxdb.conf is read; the environment sets every address and folder.
    const conf = join(dir, 'influxdb.conf')
    writeFileSync(conf, '# kuiper test server: settings come from INFLUXDB_* variables\n')
    return {
      args: ['run', '-config', conf],
      env: {
        INFLUXDB_HTTP_BIND_ADDRESS: `127.0.0.1:${port}`,
        INFLUXDB_BIND_ADDRESS: `127.0.0.1:${rpcPort}`,
        INFLUXDB_REPORTING_DISABLED: 'true',
        INFLUXDB_META_DIR: join(dir, 'meta'),
        INFLUXDB_DATA_DIR: join(dir, 'data'),
        INFLUXDB_DATA_WAL_DIR: join(dir, 'wal'),
        INFLUXDB_HTTP_LOG_ENABLED: 'false',
        INFLUXDB_DATA_QUERY_LOG_ENABLED: 'false',
      },
    }
  },
}

/** Every server the suite needs, by the short name tests use. */
export const TEST_SERVICES = { mqtt: mosquitto, redis, influx: influxdb } as const
export type TestServiceName = keyof typeof TEST_SERVICES

/**
 * Tools the tests run themselves: redis-server (its own restarted Redis), tmux (the CLI console), openssl (HTTPS),
 * and for the packages (test/packaging/): rpmbuild and rpm, dpkg-deb, systemd-analyze (the unit), setpriv and
 * unshare (kuiperd as the kuiper user, in a read-only root).
 */
export const TEST_TOOLS: readonly { readonly binary: string; readonly debianPackage: string }[] = [
  { binary: 'redis-server', debianPackage: 'redis-server' },
  { binary: 'tmux', debianPackage: 'tmux' },
  { binary: 'openssl', debianPackage: 'openssl' },
  { binary: 'rpmbuild', debianPackage: 'rpm' },
  { binary: 'dpkg-deb', debianPackage: 'dpkg' },
  { binary: 'systemd-analyze', debianPackage: 'systemd' },
  { binary: 'setpriv', debianPackage: 'util-linux' },
  { binary: 'unshare', debianPackage: 'util-linux' },
  // The console's end-to-end tests drive it with playwright-core (test/console/browser.ts).
  { binary: 'chromium', debianPackage: 'chromium' },
]
