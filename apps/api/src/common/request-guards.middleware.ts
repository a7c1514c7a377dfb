import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkJsonValue, type Actor } from '@ixora/domain';
import { IxoraError, invalidValue } from '@ixora/errors';
import { toApiError } from './api-error.js';

/**
 * Body sizes by who is asking. Before authentication a body can only be a sign-in (a few hundred
 * bytes), so an unauthenticated client cannot make the server hold more than a few KB; an
 * authenticated one gets a default that fits every JSON body of the API; only staff's IX-F import
 * (a large exchange's export runs to megabytes) gets more.
 */
export const BODY_LIMITS = Object.freeze({
  unauthenticatedBytes: 16 * 1024,
  authenticatedBytes: 1024 * 1024,
  ixfImportBytes: 64 * 1024 * 1024,
});

/** Routes whose body is handed on as text, read here with their own limit (staff only). */
const TEXT_BODY_ROUTES: readonly { method: string; path: string; limitBytes: number }[] = [
  { method: 'POST', path: '/api/v1/ixf/import', limitBytes: BODY_LIMITS.ixfImportBytes },
];

const NUL = '\u0000';

type Request = IncomingMessage & { body?: unknown; actor?: Actor };
type Next = (error?: unknown) => void;

function send(res: ServerResponse, error: unknown, closeConnection = false): void {
  const { body } = toApiError(error);
  if (closeConnection) res.setHeader('Connection', 'close');
  res.statusCode = body.error.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function excerpt(text: string): string {
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}

/**
 * A NUL byte in the path or a query parameter is never meaningful, and PostgreSQL cannot store
 * or compare text holding one: 400 naming the parameter (other characters are each route's to judge).
 */
export function checkUrl(url: string): IxoraError | undefined {
  const queryStart = url.indexOf('?');
  const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return invalidValue('path', excerpt(rawPath), 'is not a valid percent-encoded path');
  }
  if (path.includes(NUL)) return invalidValue('path', excerpt(path), 'holds a NUL character');
  if (queryStart < 0) return undefined;
  const query = url.slice(queryStart + 1);
  for (const part of query.split('&')) {
    const [rawKey = '', rawValue = ''] = part.split(/=(.*)/s);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return invalidValue(excerpt(rawKey), excerpt(rawValue), 'is not valid percent-encoding');
    }
    if (key.includes(NUL)) return invalidValue('query', excerpt(key), 'holds a NUL character');
    if (value.includes(NUL)) return invalidValue(excerpt(key), excerpt(value), 'holds a NUL character');
  }
  return undefined;
}

/** `Authorization: Bearer ixora_…` (RFC 6750 §2.1). */
function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

function isJson(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(type);
}

/** Reads at most `limitBytes` of the body; undefined (and the request paused) when it is longer. */
function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(limitBytes: number): IxoraError {
  return new IxoraError(
    'payload_too_large',
    `the body is larger than ${limitBytes} bytes, the most this request may send`,
  );
}

export interface RequestGuardDeps {
  authenticateToken(token: string): Promise<Actor | null>;
}

/**
 * Express middleware in front of every route, before any body is read: refuses control
 * characters in the URL, authenticates the bearer token (the guard reuses the result) so the body
 * limit can depend on who is asking, refuses a body over that limit with 413 before reading it
 * (Content-Length) or as soon as it grows past it (chunked), closing the connection instead of
 * reading the rest, and parses JSON bodies, refusing deep nesting and NUL characters with 400.
 */
export function requestGuards(deps: RequestGuardDeps) {
  return (req: Request, res: ServerResponse, next: Next): void => {
    void (async () => {
      const urlProblem = checkUrl(req.url ?? '/');
      if (urlProblem) return send(res, urlProblem);
      if (!hasBody(req)) return next();

      const token = bearerToken(req.headers.authorization);
      const actor = token === undefined ? null : await deps.authenticateToken(token);
      if (actor) req.actor = actor;
      const path = (req.url ?? '/').split('?')[0];
      const textRoute = TEXT_BODY_ROUTES.find((r) => r.method === req.method && r.path === path);
      const limitBytes =
        actor === null
          ? BODY_LIMITS.unauthenticatedBytes
          : textRoute && actor.role === 'admin'
            ? textRoute.limitBytes
            : BODY_LIMITS.authenticatedBytes;

      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limitBytes) return send(res, tooLarge(limitBytes), true);
      const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding !== 'identity')
        return send(
          res,
          invalidValue('Content-Encoding', encoding, 'is not accepted: send the body uncompressed'),
        );
      if (!isJson(req)) return next();

      const raw = await readBody(req, limitBytes);
      if (raw === undefined) return send(res, tooLarge(limitBytes), true);
      const text = raw.toString('utf8');
      if (textRoute && actor?.role === 'admin') {
        req.body = text;
        return next();
      }
      if (text.trim() === '') return next();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        const position = /position (\d+)/.exec((error as Error).message)?.[1];
        // The parser's own message quotes the body around the error, which may be a password.
        const at = position === undefined ? '' : ` (at character ${position})`;
        return send(
          res,
          new IxoraError('invalid_value', `the body is not valid JSON${at}`, { field: 'body' }),
        );
      }
      const bodyProblem = checkJsonValue(parsed);
      if (bodyProblem) return send(res, bodyProblem);
      req.body = parsed;
      next();
    })().catch(next);
  };
}
