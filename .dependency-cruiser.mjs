// The dependency rules of ARCHITECTURE.md as lint rules (`npm run lint:deps`, part of `npm run lint`;
// test/integration/dependency-rules.int-spec.ts proves they catch violations). docs/adr/0012.

/**
 * One row per lib: the other libs its code may import. A lib missing here fails the lint, so a new
 * lib must say where it sits. Tests of a lib (`*.spec.ts`, `*.int-spec.ts`) may also import
 * `testing`.
 */
export const LIB_LAYERS = {
  errors: [],
  net: ['errors'],
  'agent-protocol': [],
  config: ['errors', 'net'],
  'bird-client': ['errors', 'net'],
  'bird-config': ['errors', 'net'],
  'looking-glass': ['agent-protocol', 'bird-client', 'bird-config', 'errors', 'net'],
  database: ['config', 'errors'],
  domain: ['agent-protocol', 'bird-client', 'bird-config', 'config', 'errors', 'net'],
  peeringdb: ['config', 'domain', 'errors', 'net'],
  irr: ['bird-config', 'config', 'domain', 'errors', 'net'],
  rpki: ['config', 'domain', 'errors', 'net'],
  mail: ['config', 'errors'],
  'route-impact': ['bird-config', 'config', 'domain', 'errors', 'looking-glass', 'net'],
  'member-routing': ['bird-config', 'domain', 'errors', 'looking-glass', 'net', 'rpki'],
  alerts: ['bird-client', 'bird-config', 'config', 'domain', 'errors', 'looking-glass', 'mail', 'net'],
  'exchange-health': ['bird-config', 'config', 'domain', 'errors', 'looking-glass', 'net', 'rpki'],
  readiness: [
    'alerts',
    'bird-config',
    'config',
    'domain',
    'errors',
    'looking-glass',
    'net',
    'peeringdb',
    'rpki',
  ],
  'app-composition': [
    'alerts',
    'config',
    'database',
    'domain',
    'errors',
    'exchange-health',
    'irr',
    'mail',
    'peeringdb',
    'readiness',
    'route-impact',
    'rpki',
  ],
  testing: ['app-composition', 'config', 'database', 'net'],
};

/** Apps the CLI may start, each only through its `@ixora/apps/<app>` alias to its index. */
export const CLI_STARTS = ['agent', 'api'];

const TEST_FILE = '\\.(spec|int-spec|e2e-spec|lab-spec)\\.ts$|\\.test-helper\\.ts$';
const KNOWN_LIBS = `^libs/(${Object.keys(LIB_LAYERS).join('|')})/`;
const libsOtherThan = (names) => `^libs/(${names.join('|')})/`;

const layerRules = Object.entries(LIB_LAYERS).flatMap(([lib, allowed]) => [
  {
    name: `layer-${lib}`,
    comment: `libs/${lib} may import only ${allowed.length ? allowed.join(', ') : 'Node'} (LIB_LAYERS)`,
    severity: 'error',
    from: { path: `^libs/${lib}/`, pathNot: TEST_FILE },
    to: { path: '^libs/', pathNot: libsOtherThan([lib, ...allowed]) },
  },
  {
    name: `layer-${lib}-tests`,
    comment: `tests of libs/${lib} may import ${[...allowed, 'testing'].join(', ')} (LIB_LAYERS)`,
    severity: 'error',
    from: { path: [`^libs/${lib}/.*(${TEST_FILE})`] },
    to: { path: '^libs/', pathNot: libsOtherThan([lib, ...allowed, 'testing']) },
  },
]);

export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import cycle, between libs or inside one',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-in-layer-table',
      comment: 'every lib has a row in LIB_LAYERS (.dependency-cruiser.mjs): say which libs it may import',
      severity: 'error',
      from: { path: '^libs/', pathNot: KNOWN_LIBS },
      to: {},
    },
    {
      name: 'lib-not-in-layer-table-imported',
      comment: 'every lib has a row in LIB_LAYERS (.dependency-cruiser.mjs): say which libs it may import',
      severity: 'error',
      from: {},
      to: { path: '^libs/', pathNot: KNOWN_LIBS },
    },
    ...layerRules,
    {
      name: 'lib-imports-no-app',
      comment: 'libs never import apps, tests or benchmarks',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(apps|test|bench)/' },
    },
    {
      name: 'no-relative-cross-lib',
      comment: 'import another lib as @ixora/<lib>, never by a relative path',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: '^libs/$1/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'no-relative-lib-import',
      comment: 'import a lib as @ixora/<lib>, never by a relative path (its fixtures/ excepted)',
      severity: 'error',
      from: { pathNot: '^libs/' },
      to: { path: '^libs/[^/]+/src/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'no-app-to-app',
      comment: 'an app never imports another app: what apps share lives in a lib (libs/app-composition)',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/cli/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'cli-starts-apps-by-index',
      comment: `the CLI reaches another app only at its index (${CLI_STARTS.join(', ')}), to start it`,
      severity: 'error',
      from: { path: '^apps/cli/' },
      to: { path: '^apps/(?!cli/)', pathNot: `^apps/(${CLI_STARTS.join('|')})/src/index\\.ts$` },
    },
    {
      name: 'cli-starts-apps-by-alias',
      comment: 'the CLI imports another app as @ixora/apps/<app>, never by a relative path',
      severity: 'error',
      from: { path: '^apps/cli/' },
      to: { path: '^apps/(?!cli/)', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'only-database-imports-migrations',
      comment: 'migrations reach the app through libs/database (MIGRATIONS)',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['^libs/database/', TEST_FILE] },
      to: { path: '^migrations/' },
    },
    {
      name: 'agent-stays-light',
      comment: 'the agent (beside a remote BIRD) loads neither the domain nor TypeORM',
      severity: 'error',
      from: { path: '^apps/agent/', pathNot: TEST_FILE },
      to: { path: ['^libs/domain/', 'node_modules/typeorm/'], reachable: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves (a wrong alias or path shows here)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|data|coverage)/' },
    // Type-only imports count: a layer may not even name the types of a layer above it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
