import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The wire protocol between the API and `ixora agent` (HTTPS beside a remote BIRD). Every request
 * carries `Authorization: Bearer <token>` (RFC 6750), the route server's own token.
 *
 * Looking-glass reads, under {@link AGENT_BASE_PATH}:
 * - `GET /lg/v1/status` → BirdStatus JSON
 * - `GET /lg/v1/protocols` → BirdProtocolDetail[] JSON
 * - `GET /lg/v1/routes?kind=accepted|filtered&table=NAME` or `?kind=export|noexport&protocol=NAME`
 *   → NDJSON, one BirdRoute per line, then an {@link AgentStreamTrailer}, so a cut stream is never
 *   mistaken for a short table.
 *
 * Config deploys, under {@link AGENT_CONFIG_PATH}:
 * - `PUT /config/v1/NAME` (NAME: the route server's name, the file is NAME.conf), body the config
 *   text, header {@link AGENT_CONFIG_DIGEST_HEADER} its SHA-256 in hex ({@link configDigest}).
 * - 200 {@link AgentConfigResult} once the agent has tried (the sessions it ran `reload in` on;
 *   docs/adr/0009); 400 for a body that does not match its digest or a bad name, 401 for a wrong
 *   token, 409 while another deploy runs.
 */
export const AGENT_BASE_PATH = '/lg/v1';
export const AGENT_CONFIG_PATH = '/config/v1';
export const AGENT_CONFIG_DIGEST_HEADER = 'x-ixora-config-sha256';
/** A 1,000-member config is about 40 MB. */
export const AGENT_CONFIG_MAX_BYTES = 256 * 1024 * 1024;

/** The last line of an NDJSON route stream. */
export type AgentStreamTrailer = { readonly end: true } | { readonly error: string };

/** The agent's answer to a config deploy it tried. */
export interface AgentConfigResult {
  readonly isApplied: boolean;
  readonly message: string;
  readonly reloadedSessions: readonly string[];
}

/** The value of {@link AGENT_CONFIG_DIGEST_HEADER} for a config text. */
export function configDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
export function isTokenMatch(expected: string, header: string | undefined): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(expected), digest(match[1]));
}
