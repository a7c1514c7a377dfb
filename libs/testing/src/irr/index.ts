export {
  IRR_FIXTURES_DIR,
  isBgpq4Available,
  inPublicSpace,
  loadIrrFixtureDatabase,
  loadSharedIrrFixtureDatabase,
  parseBgpq4Bird,
  parseBgpq4Json,
  runBgpq4,
  type Bgpq4Result,
} from './bgpq4.runner.js';
export { IrrTestDatabase } from './irr-test.database.js';
export {
  startIrrTestServer,
  type IrrTestServer,
  type IrrTestServerFault,
  type IrrTestServerOptions,
} from './irr-test.server.js';
export {
  firstValue,
  listValues,
  parseRpsl,
  RpslAssembler,
  type RpslAttribute,
  type RpslObject,
} from './rpsl.parser.js';
