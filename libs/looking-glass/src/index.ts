/**
 * @ixora/looking-glass — what members and the public see of the route servers: sessions, routes
 * accepted, filtered (with the reason in words) and not exported, and lookups across route servers.
 *
 * Each route server is read through a `RouteServerReader`: its BIRD control socket
 * (`BirdSocketReader`, at most two restricted connections) or `ixora agent` over HTTPS
 * (`AgentReader`; the agent serves `createAgentHandler`). `LookingGlassService` reads every route
 * server in the background into a snapshot and answers from it; only one neighbor's exported /
 * not-exported routes go to BIRD per request (cached briefly). Users' input is a prefix, an
 * address, an ASN, a page or a protocol name the snapshot already holds (`lg-input.ts`).
 * Responses follow Alice-LG's JSON shape (`lg.types.ts`).
 *
 * ```ts
 * const lg = new LookingGlassService(directory, { refreshIntervalMs: 60_000, cacheTtlMs: 15_000, defaultSocket });
 * lg.start();
 * await lg.neighbors('rs1', PUBLIC_VIEWER);
 * await lg.routes('rs1', 'AS64500_v4_1', 'filtered', { page: 0, pageSize: 100 }, undefined, PUBLIC_VIEWER);
 * await lg.lookup('192.0.2.77', { page: 0, pageSize: 100 }, PUBLIC_VIEWER);
 * await lg.stop();
 * ```
 */
export type * from './lg.types.js';
export { PUBLIC_VIEWER } from './lg.types.js';
export { ROUTE_READ_KINDS, type RouteRead, type RouteServerReader } from './route-server.reader.js';
export { BirdSocketReader, routeQueryOf, type BirdSocketReaderOptions } from './bird-socket.reader.js';
export { AgentReader, type AgentReaderOptions } from './agent.reader.js';
export {
  openRouteServerReader,
  type ReachableRouteServer,
  type RouteServerAccess,
} from './route-server-reader.factory.js';
export { createAgentHandler, type AgentHandlerOptions } from './agent.handler.js';
export { parseRouteRead, routeReadSearch } from './agent.protocol.js';
export { decodeFilterReason, describeCommunities } from './community.decoder.js';
export { toLgRoute } from './lg-route.mapper.js';
export {
  adviceFor,
  adviceReasonOf,
  type AdviceContext,
  type CoveringVrp,
  type FilteredRouteFacts,
} from './filter-advice.js';
export { isNeighborProtocol, toLgNeighbor } from './lg-neighbor.mapper.js';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE,
  MAX_PAGE_SIZE,
  MAX_QUERY_LENGTH,
  parseLgSearch,
  parseNeighborId,
  parsePageRequest,
  parseRouteServerId,
  type PageRequest,
} from './lg-input.js';
export { RouteIndex, indexRoute, matchesSearch, type IndexedRoute, type RouteSearch } from './route.index.js';
export { readSnapshot, type RouteServerSnapshot, type SnapshotTarget } from './route-server.snapshot.js';
export { ResponseCache, type CachedValue } from './response.cache.js';
export {
  LG_API_VERSION,
  LookingGlassService,
  MAX_LOOKUP_ROUTES,
  type LgMemberRoutes,
  type LgMemberSession,
  type LookingGlassOptions,
} from './looking-glass.service.js';
export {
  SnapshotRefresher,
  type LgDirectory,
  type LgRouteServerEntry,
  type LgSnapshotSummary,
  type ReaderTarget,
  type SnapshotRefresherOptions,
} from './snapshot.refresher.js';
/** For tests of code above the reader: BIRD 2.0.12 recordings of @ixora/bird-client as a reader. */
export {
  RecordedReader,
  readBirdFixture,
  RECORDED,
  recordedSocketAnswers,
} from './testing/recorded.reader.js';
