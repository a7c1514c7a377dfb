export {
  createTestDatabase,
  isEmbeddedTestDatabase,
  type TestDatabase,
  type TestDatabaseOptions,
} from './test-database.js';
export {
  buildIxfExport,
  DOCUMENTATION_ASNS,
  LAB_BOGON_ASN_REASON,
  ixpManagerAsMacro,
  type IxfFactoryOptions,
} from './factories/ixf-export.factory.js';
export * from './peeringdb/peeringdb-test.server.js';
export * from './peeringdb/peeringdb-dump.generator.js';
export * from './irr/index.js';
export { startDemoBird, type DemoBird } from './bird/demo-bird.js';
export { TestClock } from './test.clock.js';
export {
  describeWithChromium,
  launchTestChromium,
  newRecordingPage,
  TEST_CHROMIUM_PATH,
  violationsOf,
} from './test-chromium.js';
export {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  seriousAxeFindings,
  type AxeFinding,
} from './test-accessibility.js';
