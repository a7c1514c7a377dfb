import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import {
  AGENT_CONFIG_DIGEST_HEADER,
  AGENT_CONFIG_MAX_BYTES,
  AGENT_CONFIG_PATH,
  configDigest,
  isTokenMatch,
  type AgentConfigResult,
} from '@ixora/agent-protocol';
import { applyBirdConfig } from '@ixora/bird-client';
import { checkConfigName, validateWithBird } from '@ixora/bird-config';

export interface ConfigDeployOptions {
  readonly token: string;
  /** BIRD's control socket (a full connection: `configure` is refused on a restricted one). */
  readonly socketPath: string;
  /** Where NAME.conf is written (`--config-dir`, default BIRD_CONFIG_DIR). */
  readonly configDir: string;
  readonly birdBinary: string;
  readonly timeoutMs?: number;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > AGENT_CONFIG_MAX_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The agent's side of a deploy (protocol in @ixora/domain agent-config.client.ts): checks the
 * config with `bird -p`, then puts it in place for the BIRD beside it, one deploy at a time.
 * Returns false for requests that are not a deploy, so the looking-glass handler can take them.
 */
export function createConfigDeployHandler(
  options: ConfigDeployOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<boolean> {
  let isBusy = false;
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://agent');
    if (!url.pathname.startsWith(`${AGENT_CONFIG_PATH}/`)) return false;
    if (!isTokenMatch(options.token, request.headers.authorization)) {
      sendJson(response, 401, { error: 'missing or wrong bearer token' });
      return true;
    }
    if (request.method !== 'PUT') {
      sendJson(response, 405, { error: 'only PUT' });
      return true;
    }
    let name: string;
    try {
      name = checkConfigName(decodeURIComponent(url.pathname.slice(AGENT_CONFIG_PATH.length + 1)), 'rs');
    } catch (error) {
      sendJson(response, 400, { error: (error as Error).message });
      return true;
    }
    if (isBusy) {
      sendJson(response, 409, { error: 'another deploy is running on this agent' });
      return true;
    }
    isBusy = true;
    try {
      const text = await readBody(request);
      if (text === undefined) {
        sendJson(response, 413, { error: `the config is over ${AGENT_CONFIG_MAX_BYTES} bytes` });
        return true;
      }
      const digest = request.headers[AGENT_CONFIG_DIGEST_HEADER];
      if (digest !== configDigest(text)) {
        sendJson(response, 400, {
          error: `the body does not match its ${AGENT_CONFIG_DIGEST_HEADER} header (cut in transit?)`,
        });
        return true;
      }
      const checked = await validateWithBird(text, { birdBinary: options.birdBinary });
      let result: AgentConfigResult;
      if (!checked.ok) {
        result = {
          isApplied: false,
          message: `bird -p on the agent rejected the config: ${checked.output}`,
          reloadedSessions: [],
        };
      } else {
        await mkdir(options.configDir, { recursive: true, mode: 0o750 });
        result = await applyBirdConfig(
          path.join(options.configDir, `${name}.conf`),
          text,
          options.socketPath,
          {
            timeoutMs: options.timeoutMs ?? 120_000,
          },
        );
      }
      sendJson(response, 200, result);
    } catch (error) {
      sendJson(response, 500, { error: (error as Error).message });
    } finally {
      isBusy = false;
    }
    return true;
  };
}
