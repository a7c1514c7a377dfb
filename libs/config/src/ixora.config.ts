import path from 'node:path';
import { z } from 'zod';
import { IxoraError } from '@ixora/errors';
import { IpAddress, IpPrefix } from '@ixora/net';

/**
 * The environment contract of DESIGN §6, validated once at start. This module is the only reader
 * of `process.env`; everything else receives an `IxoraConfig`.
 */
export interface IxoraConfig {
  readonly databaseUrl: string | undefined;
  readonly embeddedDataDir: string;
  readonly port: number;
  readonly peeringdbUrl: string;
  readonly peeringdbApiKey: string | undefined;
  readonly irrHost: string;
  readonly irrPort: number;
  readonly irrSources: readonly string[];
  readonly rpkiVrpUrl: string | undefined;
  /** Further VRP locations staff allow a `rpki.refresh` job to name (besides `rpkiVrpUrl`). */
  readonly rpkiVrpLocations: readonly string[];
  readonly rpkiMode: 'static' | 'rtr';
  readonly rpkiRtrHost: string | undefined;
  readonly birdBinary: string;
  readonly birdSocket: string | undefined;
  readonly birdConfigDir: string;
  /** Signs the browser session cookie and the CSRF tokens (`SESSION_SECRET`, 32+ characters). */
  readonly sessionSecret: string | undefined;
  /** Sign-in pages, `/portal` and `/admin` are served (`WEB_SIGN_IN`, default off; needs `SESSION_SECRET`). */
  readonly webSignIn: boolean;
  /** A browser session ends after this many minutes without a request (`SESSION_IDLE_MINUTES`, 30). */
  readonly sessionIdleMinutes: number;
  /** A browser session ends this many hours after sign-in, however busy (`SESSION_ABSOLUTE_HOURS`, 12). */
  readonly sessionAbsoluteHours: number;
  /** `smtp://` or `smtps://` URL of the mail relay (`SMTP_URL`); unset: mails go to the outbox table. */
  readonly smtpUrl: string | undefined;
  /** Sender of ixora's mails (`MAIL_FROM`). */
  readonly mailFrom: string;
  /** Where browsers reach ixora, for links in mails (`PUBLIC_URL`; default http://localhost:PORT). */
  readonly publicUrl: string;
  /** Looking glass: seconds an answer is cached (`LG_CACHE_SECONDS`, 15). */
  readonly lgCacheSeconds: number;
  /** Looking glass: seconds between background reads of each route server (`LG_REFRESH_SECONDS`, 60). */
  readonly lgRefreshSeconds: number;
  /** Looking glass: requests per minute per client address (`LG_RATE_LIMIT_PER_MINUTE`, 120; 0 = off). */
  readonly lgRateLimitPerMinute: number;
  /**
   * Reverse proxies whose `X-Forwarded-For` names the client (`TRUST_PROXY`): a hop count, or the
   * proxies' addresses and prefixes (and Express's names loopback, linklocal, uniquelocal).
   * Unset: the client is the connection's peer, and `X-Forwarded-For` is ignored.
   */
  readonly trustProxy: number | readonly string[] | undefined;
  /**
   * Minutes between the refreshes the worker queues by itself (`SCHEDULE_IRR_MINUTES`,
   * `SCHEDULE_RPKI_MINUTES`, `SCHEDULE_PEERINGDB_MINUTES`); 0, the default, schedules none.
   */
  readonly scheduleMinutes: Readonly<{ irr: number; rpki: number; peeringdb: number }>;
  /** `ixora agent`: the token the API must send (`AGENT_TOKEN`). */
  readonly agentToken: string | undefined;
  /** API: agent tokens by route-server name (`AGENT_TOKENS=rs1=…,rs2=…`). */
  readonly agentTokens: ReadonlyMap<string, string>;
  /** `text`: Nest's readable lines; `json`: one JSON object a line, secrets redacted (`LOG_FORMAT`). */
  readonly logFormat: 'text' | 'json';
  /** `GET /metrics` wants `Authorization: Bearer METRICS_TOKEN` when set; open when unset. */
  readonly metricsToken: string | undefined;
  /**
   * Alerts: hours after which IRR, RPKI and PeeringDB data count as stale (`ALERT_STALE_IRR_HOURS`,
   * `ALERT_STALE_RPKI_HOURS`, `ALERT_STALE_PEERINGDB_HOURS`; 0 turns a check off), seconds between
   * the worker's checks (`ALERT_POLL_SECONDS`), and the staff's alert addresses (`ALERT_EMAILS`).
   */
  readonly alerts: Readonly<{
    staleIrrHours: number;
    staleRpkiHours: number;
    stalePeeringDbHours: number;
    pollSeconds: number;
    staffEmails: readonly string[];
  }>;
}

const hostPort = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  IXORA_DATA_DIR: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PEERINGDB_URL: z.url({ protocol: /^https?$/ }).default('https://www.peeringdb.com/api'),
  PEERINGDB_API_KEY: z.string().min(1).optional(),
  IRR_HOST: z.string().regex(hostPort, 'must be host or host:port').default('rr.ntt.net:43'),
  IRR_SOURCES: z
    .string()
    .regex(/^[A-Za-z0-9-]+(,[A-Za-z0-9-]+)*$/, 'must be a comma list of source names')
    .optional(),
  RPKI_VRP_URL: z.string().min(1).optional(),
  RPKI_VRP_LOCATIONS: z
    .string()
    .refine(
      (list) =>
        list.split(',').every((l) => /^(https?:\/\/[^\s,]+|file:\/\/\/[^\s,]+|\/[^\s,]*)$/i.test(l.trim())),
      'must be a comma list of absolute file paths and http(s) URLs',
    )
    .optional(),
  RPKI_MODE: z.enum(['static', 'rtr']).default('static'),
  RPKI_RTR_HOST: z.string().regex(hostPort, 'must be host or host:port').optional(),
  BIRD_BINARY: z.string().min(1).default('bird'),
  BIRD_SOCKET: z.string().min(1).optional(),
  BIRD_CONFIG_DIR: z.string().min(1).optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  WEB_SIGN_IN: z
    .enum(['true', 'false', '1', '0', 'on', 'off'], 'must be true or false')
    .transform((value) => ['true', '1', 'on'].includes(value))
    .default(false),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(10080).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(
      /^([^<>\r\n]*<[^@\s<>]+@[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+)$/,
      'must be an address or "Name <address>"',
    )
    .default('ixora <ixora@localhost>'),
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an http:// or https:// URL without query')
    .optional(),
  LG_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(15),
  LG_REFRESH_SECONDS: z.coerce.number().int().min(5).max(86400).default(60),
  LG_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(100000).default(120),
  TRUST_PROXY: z
    .string()
    .transform((value, context) => {
      const parsed = parseTrustProxy(value);
      if (typeof parsed === 'string') {
        context.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    })
    .optional(),
  SCHEDULE_IRR_MINUTES: z.coerce.number().int().min(0).max(525600).default(0),
  SCHEDULE_RPKI_MINUTES: z.coerce.number().int().min(0).max(525600).default(0),
  SCHEDULE_PEERINGDB_MINUTES: z.coerce.number().int().min(0).max(525600).default(0),
  AGENT_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .regex(/^\S+$/, 'must not contain spaces')
    .optional(),
  LOG_FORMAT: z.enum(['text', 'json']).default('text'),
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .regex(/^\S+$/, 'must not contain spaces')
    .optional(),
  ALERT_STALE_IRR_HOURS: z.coerce.number().int().min(0).max(8760).default(48),
  ALERT_STALE_RPKI_HOURS: z.coerce.number().int().min(0).max(8760).default(6),
  ALERT_STALE_PEERINGDB_HOURS: z.coerce.number().int().min(0).max(8760).default(72),
  ALERT_POLL_SECONDS: z.coerce.number().int().min(5).max(86400).default(60),
  ALERT_EMAILS: z
    .string()
    .regex(/^[^@\s,<>"]+@[^@\s,<>"]+(,[^@\s,<>"]+@[^@\s,<>"]+)*$/, 'must be a comma list of e-mail addresses')
    .optional(),
  AGENT_TOKENS: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]+=[^,\s]{16,}(,[A-Za-z0-9._-]+=[^,\s]{16,})*$/,
      'must be a comma list of name=token (tokens of 16+ characters)',
    )
    .optional(),
});

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `TRUST_PROXY`: a hop count (0 = none), or a comma list of proxy addresses, prefixes and the
 * names loopback, linklocal and uniquelocal; a string saying what is wrong otherwise. Trusting
 * every sender ("true", a /0) is refused: any client could then pick the address the
 * looking glass's rate limit counts it under.
 */
function parseTrustProxy(value: string): number | undefined | string[] | string {
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 16) return 'must be a hop count of at most 16, or proxy addresses';
    return hops === 0 ? undefined : hops;
  }
  const items = value.split(',').map((item) => item.trim());
  for (const item of items) {
    if (item === 'true' || item === '*')
      return `"${item}" would trust every client's X-Forwarded-For; give the hop count or the proxies' addresses`;
    if (PROXY_NAMES.has(item) || IpAddress.isValid(item)) continue;
    if (!IpPrefix.isValid(item))
      return `"${item}" is not an address, a prefix, a hop count or one of loopback, linklocal, uniquelocal`;
    if (IpPrefix.parse(item).length === 0)
      return `"${item}" would trust every client's X-Forwarded-For; name the proxies' own prefixes`;
  }
  return items;
}

function splitHostPort(value: string, defaultPort: number): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(value);
  const host = match?.[1] ?? match?.[2] ?? value;
  const port = match?.[3] === undefined ? defaultPort : Number(match[3]);
  return { host, port };
}

/** Reads and validates the environment; throws one error naming every bad variable and its value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): IxoraConfig {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(blankless);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(env[name])}: ${issue.message}`;
    });
    throw new IxoraError('invalid_value', `invalid environment: ${problems.join('; ')}`, {
      field: String(parsed.error.issues[0]?.path[0]),
      value: env[String(parsed.error.issues[0]?.path[0])],
    });
  }
  const e = parsed.data;
  if (e.RPKI_MODE === 'rtr' && e.RPKI_RTR_HOST === undefined) {
    throw new IxoraError('invalid_value', 'RPKI_RTR_HOST: must be set when RPKI_MODE=rtr', {
      field: 'RPKI_RTR_HOST',
      value: undefined,
    });
  }
  const irr = splitHostPort(e.IRR_HOST, 43);
  const dataDir = path.resolve(cwd, e.IXORA_DATA_DIR ?? 'data');
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    embeddedDataDir: dataDir,
    port: e.PORT,
    peeringdbUrl: e.PEERINGDB_URL.replace(/\/+$/, ''),
    peeringdbApiKey: e.PEERINGDB_API_KEY,
    irrHost: irr.host,
    irrPort: irr.port,
    irrSources: Object.freeze(e.IRR_SOURCES ? e.IRR_SOURCES.split(',') : []),
    rpkiVrpUrl: e.RPKI_VRP_URL,
    rpkiVrpLocations: Object.freeze(
      e.RPKI_VRP_LOCATIONS ? e.RPKI_VRP_LOCATIONS.split(',').map((l) => l.trim()) : [],
    ),
    rpkiMode: e.RPKI_MODE,
    rpkiRtrHost: e.RPKI_RTR_HOST,
    birdBinary: e.BIRD_BINARY,
    birdSocket: e.BIRD_SOCKET,
    birdConfigDir: path.resolve(cwd, e.BIRD_CONFIG_DIR ?? path.join(dataDir, 'bird')),
    sessionSecret: e.SESSION_SECRET,
    webSignIn: e.WEB_SIGN_IN,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    lgCacheSeconds: e.LG_CACHE_SECONDS,
    lgRefreshSeconds: e.LG_REFRESH_SECONDS,
    lgRateLimitPerMinute: e.LG_RATE_LIMIT_PER_MINUTE,
    trustProxy: Array.isArray(e.TRUST_PROXY) ? Object.freeze([...e.TRUST_PROXY]) : e.TRUST_PROXY,
    scheduleMinutes: Object.freeze({
      irr: e.SCHEDULE_IRR_MINUTES,
      rpki: e.SCHEDULE_RPKI_MINUTES,
      peeringdb: e.SCHEDULE_PEERINGDB_MINUTES,
    }),
    agentToken: e.AGENT_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    logFormat: e.LOG_FORMAT,
    alerts: Object.freeze({
      staleIrrHours: e.ALERT_STALE_IRR_HOURS,
      staleRpkiHours: e.ALERT_STALE_RPKI_HOURS,
      stalePeeringDbHours: e.ALERT_STALE_PEERINGDB_HOURS,
      pollSeconds: e.ALERT_POLL_SECONDS,
      staffEmails: Object.freeze(e.ALERT_EMAILS ? e.ALERT_EMAILS.split(',') : []),
    }),
    agentTokens: new Map(
      (e.AGENT_TOKENS ? e.AGENT_TOKENS.split(',') : []).map((pair) => {
        const at = pair.indexOf('=');
        return [pair.slice(0, at), pair.slice(at + 1)] as const;
      }),
    ),
  });
}

/**
 * Every environment variable {@link loadConfig} reads. The packaged env example
 * (packaging/ixora.env.example) and docs/install.md list each one; test/install checks that.
 */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(envSchema.shape));
