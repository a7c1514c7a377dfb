import axios, { type AxiosInstance, type AxiosResponse, isAxiosError } from 'axios';
import type { IxoraConfig } from '@ixora/config';
import { IxoraError } from '@ixora/errors';
import { IXORA_VERSION } from './ixora-version.js';
import {
  parsePeeringDbEnvelope,
  type PeeringDbNet,
  type PeeringDbObjects,
  type PeeringDbObjectType,
} from './peeringdb.schemas.js';

/** Why the client waited before trying a request again; sync runs count and report these. */
export interface PeeringDbRetryEvent {
  readonly url: string;
  readonly attempt: number;
  /** HTTP status, or the network error code (`ECONNRESET`, `ECONNABORTED` for a timeout, ...). */
  readonly reason: number | string;
  readonly delayMs: number;
}

export interface PeeringDbClientOptions {
  /** API root, e.g. `https://www.peeringdb.com/api` (no trailing slash needed). */
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly userAgent?: string;
  readonly timeoutMs?: number;
  /** Attempts after the first one, for 5xx, 429 and network errors. */
  readonly maxRetries?: number;
  /** Backoff for 5xx and network errors: base × 2^(attempt-1), capped at `maxRetryDelayMs`. */
  readonly retryBaseDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /**
   * Client-side limit (a token bucket: bursts up to this many, then one every 60/n s), so ixora
   * stays under PeeringDB's per-minute limits (about 20 requests a minute anonymously, 40 with an
   * API key) instead of running into 429s. 0 turns it off (test servers).
   */
  readonly requestsPerMinute?: number;
  readonly onRetry?: (event: PeeringDbRetryEvent) => void;
  /** Injected in tests; defaults to a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface PeeringDbQuery {
  /** Unix seconds: objects updated since then, deleted ones included (status `deleted`). */
  readonly since?: number;
  readonly depth?: number;
  readonly limit?: number;
  readonly skip?: number;
  /** Exact-match and `__in` filters, e.g. `{ asn: 64500 }` or `{ id__in: [1, 2] }`. */
  readonly filters?: Readonly<Record<string, string | number | boolean | readonly (string | number)[]>>;
}

export interface PeeringDbClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_RETRIES = 5;
const DEFAULT_RETRY_BASE_DELAY_MS = 1_000;
const DEFAULT_MAX_RETRY_DELAY_MS = 120_000;
const ANONYMOUS_REQUESTS_PER_MINUTE = 20;
const AUTHENTICATED_REQUESTS_PER_MINUTE = 40;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PeeringDB REST API client: every answer is validated at the boundary (see `peeringdb.schemas.ts`);
 * 5xx and network errors are retried with exponential backoff, 429 after the server's Retry-After.
 * Failures that survive the retries throw `upstream_failed` / `rate_limited` naming the URL.
 */
export class PeeringDbClient {
  readonly stats: PeeringDbClientStats = { requests: 0, retries: 0, rateLimited: 0 };
  private readonly http: AxiosInstance;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly requestsPerMinute: number;
  private tokens: number;
  private tokensAt = Date.now();
  private readonly retryListeners = new Set<(event: PeeringDbRetryEvent) => void>();

  constructor(private readonly options: PeeringDbClientOptions) {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': options.userAgent ?? `ixora/${IXORA_VERSION} (IXP route-server platform)`,
    };
    if (options.apiKey) headers.Authorization = `Api-Key ${options.apiKey}`;
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers,
      // Every status is handled here, so axios never throws on an HTTP answer.
      validateStatus: () => true,
      responseType: 'json',
      maxContentLength: Infinity,
      maxBodyLength: Infinity,
    });
    this.sleep = options.sleep ?? defaultSleep;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    this.requestsPerMinute =
      options.requestsPerMinute ??
      (options.apiKey ? AUTHENTICATED_REQUESTS_PER_MINUTE : ANONYMOUS_REQUESTS_PER_MINUTE);
    this.tokens = this.requestsPerMinute;
  }

  static fromConfig(
    config: Pick<IxoraConfig, 'peeringdbUrl' | 'peeringdbApiKey'>,
    options: Omit<PeeringDbClientOptions, 'baseUrl' | 'apiKey'> = {},
  ): PeeringDbClient {
    return new PeeringDbClient({ ...options, baseUrl: config.peeringdbUrl, apiKey: config.peeringdbApiKey });
  }

  /** Calls `listener` on every retry until the returned function is called. */
  addRetryListener(listener: (event: PeeringDbRetryEvent) => void): () => void {
    this.retryListeners.add(listener);
    return () => this.retryListeners.delete(listener);
  }

  /** One list request: `GET /<type>?...`, validated. */
  async list<T extends PeeringDbObjectType>(
    type: T,
    query: PeeringDbQuery = {},
  ): Promise<PeeringDbObjects[T][]> {
    const response = await this.request(`/${type}`, toParams(query));
    return parsePeeringDbEnvelope(type, response.data);
  }

  /**
   * Every object matching `query`, in pages of `pageSize` (limit/skip) when given, else in one
   * request as PeeringDB serves whole lists (fewer requests against the rate limit).
   */
  async listAll<T extends PeeringDbObjectType>(
    type: T,
    query: Omit<PeeringDbQuery, 'limit' | 'skip'> = {},
    options: { pageSize?: number; onPage?: (fetched: number) => void } = {},
  ): Promise<PeeringDbObjects[T][]> {
    const pageSize = options.pageSize ?? 0;
    if (pageSize <= 0) {
      const rows = await this.list(type, query);
      options.onPage?.(rows.length);
      return rows;
    }
    const all: PeeringDbObjects[T][] = [];
    for (let skip = 0; ; skip += pageSize) {
      const page = await this.list(type, { ...query, limit: pageSize, skip });
      for (const row of page) all.push(row);
      options.onPage?.(all.length);
      if (page.length < pageSize) return all;
    }
  }

  /** `GET /<type>/<id>`; undefined when PeeringDB answers 404. */
  async get<T extends PeeringDbObjectType>(type: T, id: number): Promise<PeeringDbObjects[T] | undefined> {
    const response = await this.request(`/${type}/${id}`, { depth: '0' }, { allowNotFound: true });
    if (response.status === 404) return undefined;
    return parsePeeringDbEnvelope(type, response.data)[0];
  }

  async getNetByAsn(asn: number): Promise<PeeringDbNet | undefined> {
    const rows = await this.list('net', { filters: { asn } });
    return rows[0];
  }

  private async request(
    path: string,
    params: Record<string, string>,
    options: { allowNotFound?: boolean } = {},
  ): Promise<AxiosResponse<unknown>> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
    for (let attempt = 1; ; attempt++) {
      await this.throttle();
      this.stats.requests++;
      let response: AxiosResponse<unknown>;
      try {
        response = await this.http.get(path, { params });
      } catch (error) {
        const code = isAxiosError(error) ? (error.code ?? 'network error') : 'network error';
        if (attempt > this.maxRetries) {
          throw new IxoraError(
            'upstream_failed',
            `peeringdb ${url}: ${code} after ${attempt} attempts`,
            {
              url,
              reason: code,
            },
            { cause: error },
          );
        }
        await this.retry(url, attempt, code, this.backoffMs(attempt));
        continue;
      }
      const { status } = response;
      if (status >= 200 && status < 300) return response;
      if (status === 404 && options.allowNotFound) return response;
      if (status === 429) {
        this.stats.rateLimited++;
        const delayMs = retryAfterMs(response.headers['retry-after']) ?? this.backoffMs(attempt);
        if (attempt > this.maxRetries) {
          throw new IxoraError(
            'rate_limited',
            `peeringdb ${url}: still rate limited (429) after ${attempt} attempts`,
            {
              url,
              status,
              retryAfterMs: delayMs,
            },
          );
        }
        await this.retry(url, attempt, status, Math.min(delayMs, this.maxRetryDelayMs));
        continue;
      }
      if (status >= 500 && attempt <= this.maxRetries) {
        await this.retry(url, attempt, status, this.backoffMs(attempt));
        continue;
      }
      throw new IxoraError(
        status === 401 || status === 403 ? 'unauthorized' : status === 404 ? 'not_found' : 'upstream_failed',
        `peeringdb ${url}: HTTP ${status}${describeError(response.data)}${status >= 500 ? ` after ${attempt} attempts` : ''}`,
        { url, status },
      );
    }
  }

  private async retry(url: string, attempt: number, reason: number | string, delayMs: number): Promise<void> {
    this.stats.retries++;
    const event: PeeringDbRetryEvent = { url, attempt, reason, delayMs };
    this.options.onRetry?.(event);
    for (const listener of this.retryListeners) listener(event);
    await this.sleep(delayMs);
  }

  private backoffMs(attempt: number): number {
    return Math.min(this.retryBaseDelayMs * 2 ** (attempt - 1), this.maxRetryDelayMs);
  }

  private async throttle(): Promise<void> {
    if (!(this.requestsPerMinute > 0)) return;
    const now = Date.now();
    const perMs = this.requestsPerMinute / 60_000;
    this.tokens = Math.min(this.requestsPerMinute, this.tokens + (now - this.tokensAt) * perMs);
    this.tokensAt = now;
    // Taking the token before waiting reserves this request's slot for concurrent callers.
    this.tokens -= 1;
    if (this.tokens < 0) await this.sleep(Math.ceil(-this.tokens / perMs));
  }
}

function toParams(query: PeeringDbQuery): Record<string, string> {
  const params: Record<string, string> = {};
  // depth=0 keeps list answers flat (no nested sets), which is what the mirror stores.
  params.depth = String(query.depth ?? 0);
  if (query.since !== undefined) params.since = String(Math.floor(query.since));
  if (query.limit !== undefined) params.limit = String(query.limit);
  if (query.skip !== undefined) params.skip = String(query.skip);
  for (const [key, value] of Object.entries(query.filters ?? {})) {
    params[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return params;
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function describeError(body: unknown): string {
  const message = (body as { meta?: { error?: unknown } } | undefined)?.meta?.error;
  return typeof message === 'string' && message !== '' ? ` (${message.slice(0, 200)})` : '';
}
