import { Agent as HttpsAgent } from 'node:https';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import axios, { type AxiosInstance } from 'axios';
import { AGENT_BASE_PATH, type AgentStreamTrailer } from '@ixora/agent-protocol';
import type { BirdProtocolDetail, BirdRoute, BirdStatus } from '@ixora/bird-client';
import { IxoraError } from '@ixora/errors';
import { routeReadSearch } from './agent.protocol.js';
import type { RouteRead, RouteServerReader } from './route-server.reader.js';

export interface AgentReaderOptions {
  /** The route server's agent token (sent as `Authorization: Bearer …`). */
  readonly token: string;
  readonly timeoutMs?: number;
  /** Extra CA certificates (PEM) to trust, for an agent with a private certificate. */
  readonly ca?: string;
}

function agentFailure(target: string, error: unknown): IxoraError {
  if (axios.isAxiosError(error)) {
    const status = error.response?.status;
    const body = error.response?.data as { error?: unknown } | undefined;
    const detail = typeof body?.error === 'string' ? `: ${body.error}` : '';
    if (status === 404) return new IxoraError('not_found', `agent ${target}${detail}`);
    if (status === 400) return new IxoraError('invalid_value', `agent ${target}${detail}`);
    const why = status ? `answered HTTP ${status}${detail}` : (error.code ?? error.message);
    return new IxoraError('upstream_failed', `agent ${target} ${why}`, {}, { cause: error });
  }
  if (error instanceof IxoraError) return error;
  return new IxoraError('upstream_failed', `agent ${target}: ${String(error)}`, {}, { cause: error });
}

/**
 * Reads a remote BIRD through `ixora agent` over HTTPS. The agent holds the connections to BIRD
 * (at most two), so this side needs no pool; a stream that ends without its trailer is an error,
 * never a short table.
 */
export class AgentReader implements RouteServerReader {
  private readonly http: AxiosInstance;

  constructor(
    readonly target: string,
    options: AgentReaderOptions,
  ) {
    this.http = axios.create({
      baseURL: `${target.replace(/\/+$/, '')}${AGENT_BASE_PATH}`,
      timeout: options.timeoutMs ?? 10_000,
      headers: { authorization: `Bearer ${options.token}` },
      httpsAgent: new HttpsAgent({
        keepAlive: true,
        maxSockets: 2,
        ...(options.ca ? { ca: options.ca } : {}),
      }),
      maxRedirects: 0,
    });
  }

  async status(): Promise<BirdStatus> {
    try {
      return (await this.http.get<BirdStatus>('/status')).data;
    } catch (error) {
      throw agentFailure(this.target, error);
    }
  }

  async protocols(): Promise<BirdProtocolDetail[]> {
    try {
      return (await this.http.get<BirdProtocolDetail[]>('/protocols')).data;
    } catch (error) {
      throw agentFailure(this.target, error);
    }
  }

  async *routes(read: RouteRead): AsyncGenerator<BirdRoute, void, undefined> {
    let body: Readable;
    try {
      body = (await this.http.get<Readable>(`/routes?${routeReadSearch(read)}`, { responseType: 'stream' }))
        .data;
    } catch (error) {
      if (axios.isAxiosError(error) && error.response?.data) {
        const text = await readAll(error.response.data as Readable);
        try {
          error.response.data = JSON.parse(text) as unknown;
        } catch {
          error.response.data = { error: text.slice(0, 200) };
        }
      }
      throw agentFailure(this.target, error);
    }
    const lines = createInterface({ input: body, crlfDelay: Infinity });
    let trailer: AgentStreamTrailer | undefined;
    try {
      for await (const line of lines) {
        if (line === '') continue;
        const value = JSON.parse(line) as BirdRoute | AgentStreamTrailer;
        if ('end' in value || 'error' in value) {
          trailer = value;
          break;
        }
        yield value;
      }
    } catch (error) {
      throw agentFailure(this.target, error);
    } finally {
      lines.close();
      body.destroy();
    }
    if (trailer === undefined)
      throw new IxoraError('upstream_failed', `agent ${this.target}: route stream cut short`);
    if ('error' in trailer) throw new IxoraError('upstream_failed', `agent ${this.target}: ${trailer.error}`);
  }

  close(): Promise<void> {
    (this.http.defaults.httpsAgent as HttpsAgent).destroy();
    return Promise.resolve();
  }
}

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}
