// Value sets the chart is rendered with, by the chart test and by compare-with-helm.ts.

export const CHART_DIR = new URL('../../deploy/chart/kuiper', import.meta.url).pathname

export const CHART_CASES: Readonly<Record<string, Record<string, unknown>>> = {
  defaults: {},
  persistence: { persistence: { enabled: true, size: '1Gi', storageClass: 'local-path', accessMode: 'ReadWriteOnce' } },
  existingClaim: { persistence: { enabled: true, existingClaim: 'kuiper-data-claim' } },
  nodePort: {
    service: { type: 'NodePort', nodePorts: { restapi: 30081, kuiper: 30498 } },
    kuiperConfig: { 'kuiper.yaml': { basic: { restPort: 9181 } } },
  },
  kubernetesTool: {
    kubernetesTool: {
      enabled: true,
      intervalTime: 10,
      commands: {
        '10-streams.json': {
          commands: [
            {
              url: '/streams',
              method: 'post',
              description: 'create demo',
              data: { sql: 'create stream demo (temperature float) WITH (DATASOURCE="demo", FORMAT="json")' },
            },
          ],
        },
        '20-rules.json': {
          commands: [
            {
              url: '/rules',
              method: 'post',
              description: 'create rule1',
              data: { id: 'rule1', sql: 'SELECT * FROM demo WHERE temperature > 30', actions: [{ log: {} }] },
            },
            { url: '/rules/rule1/start', method: 'post' },
          ],
        },
      },
    },
    kuiperConfig: { 'sources/random.yaml': { default: { interval: 1000, pattern: { count: 50 } } } },
    env: [{ name: 'KUIPER__BASIC__DEBUG', value: 'true' }],
    nodeSelector: { 'kubernetes.io/arch': 'arm64' },
    resources: { limits: { memory: '256Mi' } },
  },
}
