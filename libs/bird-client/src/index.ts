/**
 * @ixora/bird-client — a client of BIRD 2's control socket (BIRD 2 user guide, "Remote control").
 *
 * Protocol: BIRD greets with `0001 BIRD 2.0.12 ready.`; every reply line is a 4-digit code and
 * `-` (more follows) or ` ` (last line), or starts with a space to continue the previous code;
 * `+…` lines are spontaneous messages. 0xxx ends a reply successfully, 1xxx/2xxx carry data,
 * 8xxx is a runtime error, 9xxx a parse error.
 *
 * Safety: commands are built from typed arguments only (`RouteQuery`, protocol and table names
 * checked against BIRD's own lists, prefixes and addresses parsed by @ixora/net, config paths
 * restricted to printable ASCII without quotes), never contain a control character, and are
 * capped at 512 bytes: BIRD 2.0.12 stops answering and drops its BGP sessions when a command line
 * over ~4 KiB arrives in pieces. One command at a time per connection; replies are parsed line by
 * line as they arrive, so `routes()` streams a table of any size.
 *
 * ```ts
 * const pool = new BirdClientPool('/run/bird/bird.ctl', { size: 2, timeoutMs: 10_000, restricted: true });
 * const status = await pool.use((bird) => bird.status());
 * for await (const route of pool.routes({ protocol: 'AS65001_1', filtered: true, detail: true })) { … }
 * const check = await pool.use((bird) => bird.configureCheck('/etc/bird/bird.conf'));
 * await pool.close();
 * ```
 *
 * Errors: bad arguments throw `invalidValue` (IxoraError `invalid_value`); unknown protocols or
 * tables `not_found`; BIRD error replies, timeouts and socket failures a `BirdError`
 * (`upstream_failed`, or `not_found` for 8001/8003) with `failure`, `birdCode` and `command`.
 */
export { BirdClient, type BirdClientOptions } from './bird.client.js';
export { BirdClientPool, type BirdClientPoolOptions } from './bird-client.pool.js';
export { applyBirdConfig, writeFileAtomically, type ApplyConfigResult } from './config.applier.js';
export { parseSessionInputDigests, selectSessionsToReload, SESSION_INPUTS_MARKER } from './session-inputs.js';
export { BirdConnection, type BirdConnectionOptions } from './bird.connection.js';
export { BirdError, isBirdError, type BirdFailure } from './bird.errors.js';
export {
  checkConfigPath,
  checkSymbol,
  configureCommand,
  MAX_COMMAND_BYTES,
  reloadInCommand,
  MAX_CONFIG_PATH_BYTES,
  showProtocolsCommand,
  showRouteCommand,
  showStatusCommand,
  showSymbolsCommand,
  type BirdCommand,
  type BirdSymbolKind,
  type RouteQuery,
} from './bird-command.builder.js';
export { BirdReplyFramer, type BirdAsyncLine, type BirdReplyLine } from './bird-reply.reader.js';
export { parseStatus } from './bird-status.parser.js';
export { parseProtocolDetails, parseProtocolRow, parseProtocols } from './bird-protocols.parser.js';
export {
  BirdRouteParser,
  parseAsPath,
  parseCommunities,
  parseExtendedCommunities,
  parseLargeCommunities,
  parseRoutes,
  routeHeaderParts,
  type RouteHeaderParts,
} from './bird-route.parser.js';
export { parseRouteCount } from './bird-route-count.parser.js';
export { parseConfigureResult } from './bird-configure.parser.js';
export { parseBirdTime } from './bird-time.js';
export type * from './bird.types.js';
/** Protocol fake and recording format, for tests of code that talks to BIRD. */
export {
  BirdReplayServer,
  type BirdReplayAnswer,
  type BirdReplayServerOptions,
} from './bird-replay.server.js';
export { parseTranscript, type BirdTranscript } from './bird-transcript.js';
