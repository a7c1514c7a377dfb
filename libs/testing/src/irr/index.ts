export { IrrTestDatabase } from './irr-test.database.js';
export {
  startIrrTestServer,
  type IrrTestServer,
  type IrrTestServerFault,
  type IrrTestServerOptions,
} from './irr-test.server.js';
export { firstValue, listValues, parseRpsl, type RpslAttribute, type RpslObject } from './rpsl.parser.js';
