// The Helm chart deploy/chart/kuiper rendered as `helm template` renders it (helm-template.ts; compare-with-helm.ts
// checks that renderer against a real Helm): the objects 1.0's chart makes, the kuiperConfig files reaching
// /kuiper/etc and passing kuiperd's own configuration check, persistence, and the Kubernetes tool sidecar wired to
// its command files and history.

import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, posix } from 'node:path'
import { parse } from 'valibot'
import { parse as parseYaml } from 'yaml'
import { loadConfig } from '../../src/config/load-config.js'
import { parseCommandFile } from '../../src/kubernetes-tool/command-file.js'
import { ToolConfigFile } from '../../src/kubernetes-tool/config.js'
import { CHART_CASES, CHART_DIR } from './chart-cases.js'
import { renderChart } from './helm-template.js'
import type { Manifest, RenderedChart } from './helm-template.js'

type Obj = Record<string, any>

function render(name: keyof typeof CHART_CASES, releaseName = 'edge'): RenderedChart {
  return renderChart(CHART_DIR, { releaseName, namespace: 'iot', values: CHART_CASES[name]! })
}

function find(r: RenderedChart, kind: string, name?: string): Obj {
  const m = r.manifests.filter(
    (x) => x.doc['kind'] === kind && (name === undefined || (x.doc as Obj)['metadata'].name === name),
  )
  assert.equal(
    m.length,
    1,
    `one ${kind} ${name ?? ''}: ${r.manifests.map((x) => `${x.doc['kind']}/${(x.doc as Obj)['metadata'].name}`).join(', ')}`,
  )
  return m[0]!.doc as Obj
}

function container(sts: Obj, name: string): Obj {
  const c = (sts['spec'].template.spec.containers as Obj[]).find((x) => x['name'] === name)
  assert.ok(c, `container ${name}`)
  return c
}

/** The pod volume a container path lies on: the mount with the longest matching mountPath. */
function volumeAt(c: Obj, path: string): Obj | undefined {
  return (c['volumeMounts'] as Obj[])
    .filter((m) => path === m['mountPath'] || path.startsWith(`${m['mountPath']}/`))
    .sort((a, b) => b['mountPath'].length - a['mountPath'].length)[0]
}

describe('Helm chart deploy/chart/kuiper', () => {
  it('renders, for every value set, objects with an apiVersion, a kind and a DNS-label name in the namespace', () => {
    for (const name of Object.keys(CHART_CASES)) {
      const r = render(name)
      assert.ok(r.manifests.length >= 4, name)
      for (const m of r.manifests as Manifest[]) {
        const doc = m.doc as Obj
        assert.equal(typeof doc['apiVersion'], 'string', `${name} ${m.source}`)
        assert.match(doc['metadata'].name, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, `${name} ${m.source}`)
        assert.equal(doc['metadata'].namespace, 'iot')
      }
      assert.match(r.notes, /kubectl --namespace iot port-forward svc\/edge-kuiper /)
    }
  })

  it("makes 1.0's objects: a StatefulSet with its headless service, a service with the REST and 20498 ports", () => {
    const r = render('defaults')
    assert.deepEqual(r.manifests.map((m) => `${m.doc['kind']}/${(m.doc as Obj)['metadata'].name}`).sort(), [
      'ConfigMap/edge-kuiper',
      'Service/edge-kuiper',
      'Service/edge-kuiper-headless',
      'StatefulSet/edge-kuiper',
    ])
    const sts = find(r, 'StatefulSet')
    assert.equal(sts['spec'].serviceName, 'edge-kuiper-headless')
    assert.equal(find(r, 'Service', 'edge-kuiper-headless')['spec'].clusterIP, 'None')
    const selector = sts['spec'].selector.matchLabels
    assert.deepEqual(sts['spec'].template.metadata.labels, selector)
    const svc = find(r, 'Service', 'edge-kuiper')
    assert.deepEqual(svc['spec'].selector, selector)
    const values = r.values as Obj
    assert.deepEqual(
      (svc['spec'].ports as Obj[]).map((p) => [p['name'], p['port'], p['targetPort']]),
      [
        ['restapi', values['service'].restapi, 'restapi'],
        ['kuiper', values['service'].kuiper, 'kuiper'],
      ],
    )
    const kuiper = container(sts, 'kuiper')
    assert.equal(kuiper['image'], `${values['image'].repository}:${parseYaml('0.1.0')}`)
    const basic = values['kuiperConfig']['kuiper.yaml'].basic
    assert.deepEqual(
      (kuiper['ports'] as Obj[]).map((p) => [p['name'], p['containerPort']]),
      [
        ['restapi', basic.restPort],
        ['kuiper', basic.port],
      ],
    )
    assert.deepEqual(kuiper['readinessProbe'].httpGet, { path: '/ping', port: 'restapi' })
    assert.equal(sts['spec'].template.spec.containers.length, 1, 'no sidecar unless kubernetesTool.enabled')
  })

  it('renders each kuiperConfig file into the ConfigMap and mounts it at /kuiper/etc/<name>', () => {
    const r = render('kubernetesTool')
    const files = (r.values as Obj)['kuiperConfig'] as Obj
    const data = find(r, 'ConfigMap', 'edge-kuiper')['data'] as Record<string, string>
    const mounts = (container(find(r, 'StatefulSet'), 'kuiper')['volumeMounts'] as Obj[]).filter(
      (m) => m['name'] === 'kuiper-config',
    )
    assert.deepEqual(
      mounts.map((m) => m['mountPath']).sort(),
      Object.keys(files)
        .map((f) => `/kuiper/etc/${f}`)
        .sort(),
    )
    for (const m of mounts) {
      const file = posix.relative('/kuiper/etc', m['mountPath'])
      assert.ok(m['subPath'] in data, `${file} is a key of the ConfigMap (${m['subPath']})`)
      assert.match(m['subPath'], /^[-._a-zA-Z0-9]+$/, 'a valid ConfigMap key')
      assert.deepEqual(parseYaml(data[m['subPath']]!), files[file], file)
    }
  })

  it("gives kuiperd a kuiper.yaml it accepts, every key known, and a client.yaml on kuiperd's REST port", () => {
    const r = render('defaults')
    const data = find(r, 'ConfigMap', 'edge-kuiper')['data'] as Record<string, string>
    const dir = mkdtempSync(join(tmpdir(), 'kuiper-chart-'))
    writeFileSync(join(dir, 'kuiper.yaml'), data['kuiper.yaml']!)
    const loaded = loadConfig(join(dir, 'kuiper.yaml'), {})
    rmSync(dir, { recursive: true, force: true })
    assert.deepEqual(loaded.unknownKeys, [])
    assert.equal(loaded.config.basic.restPort, (r.values as Obj)['kuiperConfig']['kuiper.yaml'].basic.restPort)
    assert.equal(parseYaml(data['client.yaml']!).basic.port, loaded.config.basic.restPort)
  })

  it('moves the container port, the probes and the service target with restPort, and sets node ports', () => {
    const r = render('nodePort')
    const values = r.values as Obj
    const kuiper = container(find(r, 'StatefulSet'), 'kuiper')
    assert.equal((kuiper['ports'] as Obj[]).find((p) => p['name'] === 'restapi')!['containerPort'], 9181)
    const svc = find(r, 'Service', 'edge-kuiper')['spec']
    assert.equal(svc.type, 'NodePort')
    assert.deepEqual(
      (svc.ports as Obj[]).map((p) => [p['name'], p['nodePort']]),
      [
        ['restapi', values['service'].nodePorts.restapi],
        ['kuiper', values['service'].nodePorts.kuiper],
      ],
    )
  })

  it('keeps /kuiper/data on a claim per pod, on an existing claim, or in an emptyDir', () => {
    const data = (r: RenderedChart): Obj | undefined =>
      (find(r, 'StatefulSet')['spec'].template.spec.volumes as Obj[]).find((v) => v['name'] === 'kuiper-data')
    const claims = (r: RenderedChart): Obj[] | undefined => find(r, 'StatefulSet')['spec'].volumeClaimTemplates

    const none = render('defaults')
    assert.deepEqual(data(none)?.['emptyDir'], {})
    assert.equal(claims(none), undefined)

    const per = render('persistence')
    const p = (per.values as Obj)['persistence']
    assert.equal(data(per), undefined, 'the claim template provides the volume')
    const [claim] = claims(per)!
    assert.equal(claim!['metadata'].name, 'kuiper-data')
    assert.deepEqual(claim!['spec'], {
      accessModes: [p.accessMode],
      storageClassName: p.storageClass,
      resources: { requests: { storage: p.size } },
    })
    assert.equal(
      volumeAt(container(find(per, 'StatefulSet'), 'kuiper'), '/kuiper/data/sqliteKV.db')!['name'],
      'kuiper-data',
    )

    const existing = render('existingClaim')
    assert.deepEqual(data(existing)?.['persistentVolumeClaim'], { claimName: 'kuiper-data-claim' })
    assert.equal(claims(existing), undefined)
  })

  it('runs the Kubernetes tool as a sidecar on its cf.yaml, its command files, and its history on the data volume', () => {
    const r = render('kubernetesTool')
    const values = r.values as Obj
    const sts = find(r, 'StatefulSet')
    const tool = container(sts, 'kubernetes-tool')
    assert.deepEqual(
      [...tool['command'], ...tool['args']],
      ['kuiper-kubernetes-tool', '/kuiper-kubernetes-tool/etc/cf.yaml'],
    )
    const volumes = new Map((sts['spec'].template.spec.volumes as Obj[]).map((v) => [v['name'], v]))

    // cf.yaml: from the tool's ConfigMap, mounted where the command line names it, valid for the tool.
    const cfMount = volumeAt(tool, '/kuiper-kubernetes-tool/etc/cf.yaml')!
    const cfMap = find(r, 'ConfigMap', volumes.get(cfMount['name'])!['configMap'].name)
    const cf = parse(ToolConfigFile, parseYaml(cfMap['data']['cf.yaml']))
    assert.equal(cf.port, values['kuiperConfig']['kuiper.yaml'].basic.restPort)
    assert.equal(cf.ip, '127.0.0.1')
    assert.equal(cf.intervalTime, values['kubernetesTool'].intervalTime)

    // The command folder is the commands ConfigMap; each file is a command file the tool accepts.
    const commandDir = cf.commandDir.replace(/\/$/, '')
    const dirMount = volumeAt(tool, `${commandDir}/x.json`)!
    assert.equal(dirMount['mountPath'], commandDir)
    assert.equal(dirMount['subPath'], undefined, 'mounted whole: the kubelet updates the files in place')
    const commands = find(r, 'ConfigMap', volumes.get(dirMount['name'])!['configMap'].name)['data'] as Record<
      string,
      string
    >
    assert.deepEqual(Object.keys(commands).sort(), Object.keys(values['kubernetesTool'].commands).sort())
    for (const [file, text] of Object.entries(commands)) {
      assert.deepEqual(JSON.parse(text), values['kubernetesTool'].commands[file])
      assert.equal(parseCommandFile(text).commands.length, values['kubernetesTool'].commands[file].commands.length)
    }

    // .history (beside the command folder) is on the data volume: it lives exactly as long as kuiperd's data.
    const historyMount = volumeAt(tool, posix.join(dirname(commandDir), '.history'))!
    assert.equal(historyMount['name'], 'kuiper-data')
    assert.ok(historyMount['readOnly'] !== true)

    // kuiperd keeps its settings; the tool's files are not kuiperd's configuration.
    const kuiper = container(sts, 'kuiper')
    assert.deepEqual(kuiper['env'], values['env'])
    assert.deepEqual(sts['spec'].template.spec.nodeSelector, values['nodeSelector'])
    assert.deepEqual(kuiper['resources'], values['resources'])
    assert.match(r.notes, /logs edge-kuiper-0 -c kubernetes-tool/)
  })

  it('rolls the pods when kuiperConfig changes, not when only the command files do', () => {
    const annotations = (values: Record<string, unknown>): Obj =>
      find(renderChart(CHART_DIR, { releaseName: 'edge', values }), 'StatefulSet')['spec'].template.metadata.annotations
    const base = annotations(CHART_CASES['kubernetesTool']!)
    const debug = annotations({
      ...CHART_CASES['kubernetesTool'],
      kuiperConfig: { 'kuiper.yaml': { basic: { debug: true } } },
    })
    assert.notEqual(debug['checksum/config'], base['checksum/config'])
    const tool = CHART_CASES['kubernetesTool']!['kubernetesTool'] as Obj
    const newCommands = annotations({
      ...CHART_CASES['kubernetesTool'],
      kubernetesTool: { ...tool, commands: { 'x.json': { commands: [] } } },
    })
    assert.deepEqual(newCommands, base)
  })
})
