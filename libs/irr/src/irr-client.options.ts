import { invalidValue } from '@ixora/errors';

export interface IrrClientOptions {
  readonly host: string;
  readonly port: number;
  /** Sources selected with `!s` for queries that do not name their own; empty: the server's default. */
  readonly sources: readonly string[];
  readonly connectTimeoutMs: number;
  /** Longest wait for the next byte while answers are outstanding. */
  readonly queryTimeoutMs: number;
  /** Largest single answer accepted; a larger one fails the query (and its connection). */
  readonly maxAnswerBytes: number;
  /** Upper bound on TCP connections open to the server at once. */
  readonly maxConnections: number;
  /** Queries written ahead on one connection before waiting for answers. */
  readonly pipelineDepth: number;
  /** Retries of a query after a connection failure, timeout or garbled answer. */
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  /** Sent with `!n` so server operators can see who queries them. */
  readonly clientName: string;
}

export const DEFAULT_IRR_CLIENT_OPTIONS: Omit<IrrClientOptions, 'host' | 'port'> = Object.freeze({
  sources: [],
  connectTimeoutMs: 10_000,
  queryTimeoutMs: 60_000,
  maxAnswerBytes: 128 * 1024 * 1024,
  maxConnections: 4,
  pipelineDepth: 256,
  maxRetries: 3,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 8_000,
  clientName: 'ixora',
});

/** The defaults completed by `options`, validated and frozen. */
export function resolveIrrClientOptions(
  options: Partial<IrrClientOptions> & Pick<IrrClientOptions, 'host' | 'port'>,
): IrrClientOptions {
  const o: IrrClientOptions = Object.freeze({ ...DEFAULT_IRR_CLIENT_OPTIONS, ...options });
  for (const [field, value] of Object.entries({
    connectTimeoutMs: o.connectTimeoutMs,
    queryTimeoutMs: o.queryTimeoutMs,
    maxAnswerBytes: o.maxAnswerBytes,
    maxConnections: o.maxConnections,
    pipelineDepth: o.pipelineDepth,
  })) {
    if (!Number.isInteger(value) || value < 1) throw invalidValue(field, value, 'must be a positive integer');
  }
  if (!Number.isInteger(o.maxRetries) || o.maxRetries < 0)
    throw invalidValue('maxRetries', o.maxRetries, 'must be 0 or more');
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535)
    throw invalidValue('port', o.port, 'is not a TCP port');
  for (const source of o.sources) {
    if (!isIrrSourceName(source)) throw invalidValue('sources', source, 'is not an IRR source name');
  }
  return o;
}

export function isIrrSourceName(source: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(source);
}
