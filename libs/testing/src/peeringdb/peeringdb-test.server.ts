import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed hand-made fixtures (a fictional exchange; see its README). */
export const PEERINGDB_FIXTURES_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fixtures',
  'peeringdb',
);

/** One PeeringDB object as the API serves it (flat, depth 0). */
export type PeeringDbRow = Record<string, unknown> & { id: number; status: string; updated: string };

export interface RecordedPeeringDbRequest {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<http.IncomingHttpHeaders>;
  readonly status: number;
}

/** A scripted error answer: the next `times` requests whose path matches get it instead of data. */
export interface PeeringDbFailure {
  readonly status: number;
  /** Sent as the Retry-After header (seconds or an HTTP date), typically with 429. */
  readonly retryAfter?: string;
  readonly times?: number;
  /** Only requests whose path (e.g. `/api/net`) matches; default every request. */
  readonly path?: string | RegExp;
}

export interface PeeringDbTestServerOptions {
  /** A folder of `<type>.json` files in the API envelope `{"data": [...], "meta": {}}`. */
  readonly fixturesDir?: string;
  /** Objects per type; added after (and replacing by id) those read from `fixturesDir`. */
  readonly objects?: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  /** When set, a request without `Authorization: Api-Key <apiKey>` is answered 401. */
  readonly apiKey?: string;
}

const RESERVED = new Set(['depth', 'limit', 'skip', 'since', 'fields']);
/** Types the server answers (with an empty list when nothing is loaded), as PeeringDB does. */
const KNOWN_TYPES = [
  'org',
  'fac',
  'ix',
  'ixlan',
  'ixpfx',
  'ixfac',
  'net',
  'poc',
  'netixlan',
  'netfac',
  'carrier',
  'carrierfac',
  'campus',
];

/**
 * A local stand-in for the PeeringDB REST API (`/api/<type>` and `/api/<type>/<id>`), serving the
 * JSON envelope with the filters ixora uses: exact fields, `__in`, `__lt/__lte/__gt/__gte`,
 * `__contains`, `__startswith`, `since` (updated at or after, deleted objects included),
 * `depth` (child `<type>_set`s: ids at 1, objects at 2), `limit`/`skip`. Errors 404, 401, and
 * scripted ones (429 with Retry-After, 500, ...). Objects can be changed between requests.
 */
export class PeeringDbTestServer {
  readonly requests: RecordedPeeringDbRequest[] = [];
  private readonly data = new Map<string, Map<number, PeeringDbRow>>();
  private readonly failures: { failure: PeeringDbFailure; remaining: number }[] = [];
  private server: http.Server | undefined;
  private baseUrl = '';

  constructor(private readonly apiKey?: string) {
    for (const type of KNOWN_TYPES) this.data.set(type, new Map<number, PeeringDbRow>());
  }

  /** `http://127.0.0.1:<port>/api`, the value for PEERINGDB_URL. */
  get url(): string {
    return this.baseUrl;
  }

  async listen(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}/api`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  types(): string[] {
    return [...this.data.keys()];
  }

  /** Every stored object of `type`, deleted ones included, by id. */
  rows(type: string): PeeringDbRow[] {
    return [...(this.data.get(type)?.values() ?? [])].sort((a, b) => a.id - b.id);
  }

  /** Objects of `type` the API lists without `since` (status ok). */
  liveRows(type: string): PeeringDbRow[] {
    return this.rows(type).filter((row) => row.status === 'ok');
  }

  /** Adds or replaces objects by id, as given (no timestamps touched). */
  load(type: string, rows: readonly Record<string, unknown>[]): void {
    let table = this.data.get(type);
    if (!table) this.data.set(type, (table = new Map<number, PeeringDbRow>()));
    for (const row of rows) table.set(Number(row.id), { ...row } as PeeringDbRow);
  }

  /** Creates or changes an object the way PeeringDB does: `updated` becomes `at` (default now). */
  put(type: string, row: Record<string, unknown>, at: Date = new Date()): PeeringDbRow {
    const existing = this.data.get(type)?.get(Number(row.id));
    const stamp = isoSeconds(at);
    const next = { status: 'ok', created: stamp, ...existing, ...row, updated: stamp } as PeeringDbRow;
    this.load(type, [next]);
    return next;
  }

  /** Deletes an object the way PeeringDB does: it stays, with status `deleted`, for `since` queries. */
  remove(type: string, id: number, at: Date = new Date()): void {
    const existing = this.data.get(type)?.get(id);
    if (!existing) throw new Error(`peeringdb test server: no ${type} ${id}`);
    this.load(type, [{ ...existing, status: 'deleted', updated: isoSeconds(at) }]);
  }

  failNext(failure: PeeringDbFailure): void {
    this.failures.push({ failure, remaining: failure.times ?? 1 });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams.entries());
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ path: url.pathname, query, headers: req.headers, status });
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, message: string, headers: Record<string, string> = {}): void =>
      answer(status, { meta: { error: message } }, headers);

    if (req.method !== 'GET') return error(405, 'method not allowed');
    if (this.apiKey !== undefined && req.headers.authorization !== `Api-Key ${this.apiKey}`) {
      return error(401, 'Invalid API key');
    }
    const scripted = this.failures.find((f) => f.remaining > 0 && matches(f.failure.path, url.pathname));
    if (scripted) {
      scripted.remaining--;
      const headers: Record<string, string> = {};
      if (scripted.failure.retryAfter !== undefined) headers['Retry-After'] = scripted.failure.retryAfter;
      const message =
        scripted.failure.status === 429
          ? 'Request was throttled.'
          : scripted.failure.status === 404
            ? 'Not found.'
            : 'Internal Server Error';
      return error(scripted.failure.status, message, headers);
    }

    const match = /^\/api\/([a-z]+)(?:\/(\d+))?\/?$/.exec(url.pathname);
    const type = match?.[1];
    if (!type || !this.data.has(type)) return error(404, 'Not found.');
    const depth = Number(query.depth ?? (match?.[2] ? 2 : 0));
    if (match?.[2]) {
      const row = this.data.get(type)!.get(Number(match[2]));
      if (!row || row.status === 'deleted') return error(404, 'Not found.');
      return answer(200, { data: [this.expand(type, row, depth)], meta: {} });
    }

    let rows = this.rows(type);
    if (query.since !== undefined) {
      const since = Number(query.since);
      if (!Number.isFinite(since)) return error(400, `since: ${query.since} is not a unix timestamp`);
      rows = rows.filter((row) => Date.parse(row.updated) >= since * 1000);
    } else {
      rows = rows.filter((row) => row.status === 'ok');
    }
    for (const [key, value] of Object.entries(query)) {
      if (RESERVED.has(key)) continue;
      const [field = key, op = 'eq'] = key.split('__');
      if (rows.length > 0 && !rows.some((row) => field in row)) {
        return error(400, `unknown filter field "${field}" for ${type}`);
      }
      rows = rows.filter((row) => filterMatches(row[field], op, value));
    }
    const skip = Number(query.skip ?? 0);
    const limit = Number(query.limit ?? 0);
    rows = rows.slice(skip, limit > 0 ? skip + limit : undefined);
    answer(200, { data: rows.map((row) => this.expand(type, row, depth)), meta: {} });
  }

  /** depth ≥ 1 adds the child sets PeeringDB nests (`net.netixlan_set`): ids at 1, objects at 2. */
  private expand(type: string, row: PeeringDbRow, depth: number): Record<string, unknown> {
    if (depth < 1) return row;
    const expanded: Record<string, unknown> = { ...row };
    for (const [childType, table] of this.data) {
      if (childType === type || ![...table.values()].some((c) => `${type}_id` in c)) continue;
      const children = [...table.values()].filter((c) => c[`${type}_id`] === row.id && c.status === 'ok');
      expanded[`${childType}_set`] = depth >= 2 ? children : children.map((c) => c.id);
    }
    return expanded;
  }
}

function matches(pattern: string | RegExp | undefined, pathname: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? pathname === pattern : pattern.test(pathname);
}

function filterMatches(value: unknown, op: string, wanted: string): boolean {
  const actual =
    typeof value === 'object' && value !== null
      ? JSON.stringify(value)
      : (value as string | number | boolean | null | undefined);
  const compare = (value: string): number => {
    if (typeof actual === 'number') return actual - Number(value);
    return String(actual ?? '').localeCompare(value);
  };
  const equals = (value: string): boolean =>
    typeof actual === 'boolean' ? actual === (value === 'true' || value === '1') : compare(value) === 0;
  switch (op) {
    case 'eq':
      return equals(wanted);
    case 'in':
      return wanted.split(',').some(equals);
    case 'lt':
      return compare(wanted) < 0;
    case 'lte':
      return compare(wanted) <= 0;
    case 'gt':
      return compare(wanted) > 0;
    case 'gte':
      return compare(wanted) >= 0;
    case 'contains':
      return String(actual ?? '')
        .toLowerCase()
        .includes(wanted.toLowerCase());
    case 'startswith':
      return String(actual ?? '')
        .toLowerCase()
        .startsWith(wanted.toLowerCase());
    default:
      return false;
  }
}

/** PeeringDB writes timestamps to the second, in UTC. */
function isoSeconds(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/** Reads every `<type>.json` envelope in `dir` (other file names, like `poc.synthetic.json`, skipped). */
export async function readPeeringDbFixtures(dir: string): Promise<Record<string, Record<string, unknown>[]>> {
  const result: Record<string, Record<string, unknown>[]> = {};
  for (const name of (await readdir(dir)).sort()) {
    const type = /^([a-z]+)\.json$/.exec(name)?.[1];
    if (!type) continue;
    const body = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as { data?: unknown };
    if (!Array.isArray(body.data)) throw new Error(`${path.join(dir, name)}: not a PeeringDB API envelope`);
    result[type] = body.data as Record<string, unknown>[];
  }
  return result;
}

export async function startPeeringDbTestServer(
  options: PeeringDbTestServerOptions = {},
): Promise<PeeringDbTestServer> {
  const server = new PeeringDbTestServer(options.apiKey);
  if (options.fixturesDir) {
    for (const [type, rows] of Object.entries(await readPeeringDbFixtures(options.fixturesDir)))
      server.load(type, rows);
  }
  for (const [type, rows] of Object.entries(options.objects ?? {})) server.load(type, rows);
  await server.listen();
  return server;
}
