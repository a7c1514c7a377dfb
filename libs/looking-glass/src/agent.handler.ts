import type { IncomingMessage, ServerResponse } from 'node:http';
import { AGENT_BASE_PATH, isTokenMatch } from '@ixora/agent-protocol';
import { isIxoraError } from '@ixora/errors';
import { parseRouteRead } from './agent.protocol.js';
import type { RouteServerReader } from './route-server.reader.js';

export interface AgentHandlerOptions {
  /** The bearer token the API must send; the agent refuses to start without one. */
  readonly token: string;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function statusOf(error: unknown): number {
  if (!isIxoraError(error)) return 500;
  if (error.code === 'invalid_value') return 400;
  if (error.code === 'not_found') return 404;
  return 502;
}

function write(response: ServerResponse, line: string): Promise<void> | undefined {
  if (response.write(line)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/**
 * The agent's HTTP handler: the looking-glass reads of its BIRD (see agent.protocol.ts), nothing
 * else. The reader behind it holds at most two connections to BIRD, whatever the request rate.
 */
export function createAgentHandler(
  reader: RouteServerReader,
  options: AgentHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  if (options.token.length < 16) throw new Error('the agent token must be at least 16 characters');
  return (request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://agent');
      if (!isTokenMatch(options.token, request.headers.authorization)) {
        sendJson(response, 401, { error: 'missing or wrong bearer token' });
        return;
      }
      if (request.method !== 'GET') {
        sendJson(response, 405, { error: 'only GET' });
        return;
      }
      try {
        switch (url.pathname) {
          case `${AGENT_BASE_PATH}/status`:
            sendJson(response, 200, await reader.status());
            return;
          case `${AGENT_BASE_PATH}/protocols`:
            sendJson(response, 200, await reader.protocols());
            return;
          case `${AGENT_BASE_PATH}/routes`:
            await streamRoutes(reader, parseRouteRead(url.searchParams), response, request);
            return;
          default:
            sendJson(response, 404, { error: `no such path ${url.pathname}` });
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!response.headersSent) sendJson(response, statusOf(error), { error: message });
        else response.end(`${JSON.stringify({ error: message })}\n`);
      }
    })();
  };
}

async function streamRoutes(
  reader: RouteServerReader,
  read: ReturnType<typeof parseRouteRead>,
  response: ServerResponse,
  request: IncomingMessage,
): Promise<void> {
  const routes = reader.routes(read)[Symbol.asyncIterator]();
  // Ask BIRD before sending headers, so an unknown protocol is still a 404 rather than a cut stream.
  let next = await routes.next();
  response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  let isGone = false;
  request.on('close', () => {
    isGone = response.writableFinished ? isGone : true;
  });
  let batch = '';
  while (!next.done) {
    batch += `${JSON.stringify(next.value)}\n`;
    if (batch.length > 64 * 1024) {
      await write(response, batch);
      batch = '';
      if (isGone || response.destroyed) {
        await routes.return?.();
        return;
      }
    }
    next = await routes.next();
  }
  response.end(`${batch}${JSON.stringify({ end: true })}\n`);
}
