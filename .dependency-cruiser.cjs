// Dependency direction of style.md §3, checked by `npm run check:deps` (depcruise src).
// Each folder gets one rule naming what it may import inside src/; external packages are only restricted for core.

/** A `forbidden` rule: files matching `from` may import, inside src/, only paths matching one of `allowed`. */
function only(name, comment, from, allowed) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from },
    to: { path: '^src/', pathNot: allowed },
  }
}

// The function contract (FunctionCatalog, FunctionContext) may be imported as types by the layers that take one.
const FN_CONTRACT = '^src/functions/define-function\\.ts$'
// The connector property declarations (the helper and the common sink properties), read by the sink node and served
// by /metadata.
const CONNECTOR_PROPERTIES = '^src/connectors/(properties|common-sink-properties)\\.ts$'

// A connector's declaration: its declared properties (properties.ts) and the parsing of its configuration (config
// modules), which the rule-create checks and /metadata read at start. The rest of a connector's folder is its
// implementation, imported when a rule first uses the connector (connectors/builtin-connectors.ts).
const CONNECTOR_DECLARATION = [
  '^src/connectors/[^/]+/(properties|config|[a-z]+-config)\\.ts$',
  '^src/connectors/mqtt/(options|source-settings|topic-filter|kubeedge)\\.ts$',
]
/** What is not a connector's declaration: imported only by import() from outside its connector's folder. */
const CONNECTOR_IMPLEMENTATION = {
  path: '^src/connectors/(?!shared/)[^/]+/',
  pathNot: [
    ...CONNECTOR_DECLARATION,
    // The in-process topics of an Engine (Engine.publish), which its memory connector reads.
    '^src/connectors/memory/pubsub\\.ts$',
  ],
  dynamic: false,
  dependencyTypesNot: ['type-only'],
}

module.exports = {
  forbidden: [
    {
      name: 'core-imports-nothing',
      comment: 'core is the shared vocabulary: it imports only core and Node built-ins, no other folder, no package',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: '^src/core/', dependencyTypesNot: ['core'] },
    },
    only('sql-lexer', 'sql/lexer imports only core', '^src/sql/lexer/', ['^src/sql/lexer/', '^src/core/']),
    only(
      'sql-ast',
      'sql/ast imports only core, the keyword list of the lexer (to-sql quoting) and the function contract as types',
      '^src/sql/ast/',
      ['^src/sql/ast/', '^src/sql/lexer/tokens\\.ts$', '^src/core/', FN_CONTRACT],
    ),
    only(
      'sql-parser',
      'sql/parser imports sql/lexer, sql/ast, core (and the function contract as types)',
      '^src/sql/parser/',
      ['^src/sql/(lexer|ast|parser)/', '^src/core/', FN_CONTRACT],
    ),
    only('sql', 'nothing in sql imports functions, eval, runtime or anything above', '^src/sql/', [
      '^src/sql/',
      '^src/core/',
      FN_CONTRACT,
    ]),
    only('functions', 'functions import core and sql/ast', '^src/functions/', [
      '^src/functions/',
      '^src/sql/ast/',
      '^src/core/',
    ]),
    only('eval', 'eval imports sql/ast, functions and core', '^src/eval/', [
      '^src/eval/',
      '^src/sql/ast/',
      '^src/functions/',
      '^src/core/',
    ]),
    only('catalog', 'catalog imports sql, state and core', '^src/catalog/', [
      '^src/catalog/',
      '^src/sql/',
      '^src/state/',
      '^src/core/',
    ]),
    only(
      'plan',
      'plan imports sql, functions, catalog and core; never runtime, operators or connectors',
      '^src/plan/',
      ['^src/plan/', '^src/sql/', '^src/functions/', '^src/catalog/', '^src/core/'],
    ),
    only(
      'runtime',
      'runtime imports connectors/api, formats, state, templates and core; no concrete operator or connector',
      '^src/runtime/',
      [
        '^src/runtime/',
        '^src/connectors/api\\.ts$',
        CONNECTOR_PROPERTIES,
        '^src/formats/',
        '^src/state/',
        '^src/templates/',
        '^src/core/',
        FN_CONTRACT,
      ],
    ),
    only('operators', 'operators import runtime/operator.ts, eval, sql/ast and core', '^src/operators/', [
      '^src/operators/',
      '^src/runtime/operator\\.ts$',
      '^src/eval/',
      '^src/sql/ast/',
      '^src/core/',
      FN_CONTRACT,
    ]),
    {
      name: 'function-contract-types-only',
      comment: 'sql, runtime and operators use the function contract as types only',
      severity: 'error',
      from: { path: '^src/(sql|runtime|operators)/' },
      to: { path: FN_CONTRACT, dependencyTypesNot: ['type-only'] },
    },
    only('formats', 'formats import only core', '^src/formats/', ['^src/formats/', '^src/core/']),
    only('templates', 'templates (Go text/template for sink dataTemplate) import only core', '^src/templates/', [
      '^src/templates/',
      '^src/core/',
    ]),
    only('connectors-api', 'connectors/api.ts imports only core', '^src/connectors/api\\.ts$', ['^src/core/']),
    {
      name: 'connector-isolation',
      comment:
        'a connector imports connectors/api, core, the support code of connectors/shared and its own folder, never ' +
        'another connector (except the EdgeX bus over MQTT, which runs on the MQTT connection pool)',
      severity: 'error',
      from: { path: '^src/connectors/([^/]+)/', pathNot: '^src/connectors/edgex/bus-mqtt\\.ts$' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/connectors/$1/',
          '^src/connectors/shared/',
          '^src/connectors/api\\.ts$',
          '^src/connectors/properties\\.ts$',
          '^src/core/',
        ],
      },
    },
    only(
      'edgex-bus-mqtt',
      'the EdgeX bus over MQTT imports its own folder, the MQTT connector (its pool), connectors/api and core',
      '^src/connectors/edgex/bus-mqtt\\.ts$',
      ['^src/connectors/(edgex|mqtt)/', '^src/connectors/api\\.ts$', '^src/core/'],
    ),
    only('connectors-shared', 'connectors/shared imports connectors/api and core', '^src/connectors/shared/', [
      '^src/connectors/shared/',
      '^src/connectors/api\\.ts$',
      '^src/core/',
    ]),
    only(
      'connectors-registry',
      'connectors/registry.ts imports connectors and core',
      '^src/connectors/registry\\.ts$',
      ['^src/connectors/', '^src/core/'],
    ),
    {
      name: 'connector-implementations-on-first-use',
      comment:
        'an idle kuiperd loads no connector implementation (docs/performance.md, "Idle footprint"): outside a ' +
        "connector's folder, its implementation is imported by import() only (the built-in table's loaders); what " +
        'start-up imports statically is its declaration (properties.ts, config modules)',
      severity: 'error',
      from: { pathNot: '^src/connectors/(?!shared/)[^/]+/' },
      to: CONNECTOR_IMPLEMENTATION,
    },
    {
      name: 'connector-declarations-stay-light',
      comment: "a connector's declaration (loaded at start) imports no connector implementation, its own neither",
      severity: 'error',
      from: { path: CONNECTOR_DECLARATION },
      to: CONNECTOR_IMPLEMENTATION,
    },
    {
      name: 'connector-declarations-no-packages',
      comment: "a connector's declaration (loaded at start) imports no npm package other than as types",
      severity: 'error',
      from: { path: CONNECTOR_DECLARATION },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        dependencyTypesNot: ['type-only'],
      },
    },
    only('state', 'state imports only core', '^src/state/', ['^src/state/', '^src/core/']),
    only(
      'rules',
      'rules (composition root) import everything below them, never server, cli or the entry points',
      '^src/rules/',
      ['^src/(rules|plan|operators|runtime|catalog|plugins|connectors|formats|state|functions|eval|sql|core)/'],
    ),
    only('plugins', 'plugins import functions, connectors and core', '^src/plugins/', [
      '^src/plugins/',
      '^src/functions/',
      '^src/connectors/',
      '^src/core/',
    ]),
    only(
      'server-http',
      'server/http is the HTTP layer under the REST API: it knows no route and imports nothing else of src',
      '^src/server/http/',
      ['^src/server/http/'],
    ),
    only('server', 'server imports rules, catalog, plugins, core (and the registries for metadata)', '^src/server/', [
      '^src/server/',
      '^src/rules/',
      '^src/catalog/',
      '^src/plugins/',
      '^src/core/',
      '^src/functions/registry\\.ts$',
      '^src/connectors/registry\\.ts$',
      CONNECTOR_PROPERTIES,
    ]),
    only('cli', 'cli talks HTTP: it imports only server/contract.ts and core', '^src/cli/', [
      '^src/cli/',
      '^src/server/contract\\.ts$',
      '^src/core/',
    ]),
    only(
      'kubernetes-tool',
      'the Kubernetes tool talks HTTP like the CLI: it imports its own folder, the CLI HTTP client, the log line format and core',
      '^src/kubernetes-tool/',
      [
        '^src/kubernetes-tool/',
        '^src/cli/(http-client|errors|config)\\.ts$',
        '^src/server/contract\\.ts$',
        '^src/config/logrus-text\\.ts$',
        '^src/core/',
      ],
    ),
    {
      name: 'zod-off-the-start-path',
      comment:
        'zod (95 modules, ~7 MB of an idle kuiperd) is not on the start path: what kuiperd checks (kuiper.yaml, REST ' +
        'bodies, plugin manifests) and the Kubernetes tool use valibot (~2 MB). zod is no dependency any more; an ' +
        'import of it (resolved or not) is refused here so that it does not come back with every kuiperd',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(node_modules/)?zod(/|$)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'uuid-on-first-use',
      comment: 'the uuid package is required on the first newuuid() call (functions/other.ts), not imported at start',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: 'node_modules/uuid/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'entry-points-are-roots',
      comment: 'nothing imports main.ts or index.ts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/(main|index)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
}
