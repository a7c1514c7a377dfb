import { createHash } from 'node:crypto';
import { Agent as HttpsAgent } from 'node:https';
import axios from 'axios';
import { checkConfigName } from '@ixora/bird-config';
import { agentUrlProblem } from '@ixora/net';

/**
 * Deploying through `ixora agent` (beside a remote BIRD): the API sends the config it built and
 * validated; the agent checks it again with `bird -p`, puts it in place atomically and asks its
 * BIRD for `configure check` and `configure`, restoring the previous file on any failure.
 *
 * - `PUT /config/v1/NAME` (NAME: the route server's name, the file is NAME.conf), body the config
 *   text, header `x-ixora-config-sha256` its SHA-256 in hex, `Authorization: Bearer <token>`.
 * - 200 `{"isApplied": true|false, "message": "…", "reloadedSessions": ["AS64500_v4_1", …]}` once
 *   the agent has tried (the sessions it ran `reload in` on; docs/adr/0009); 400 for a body that
 *   does not match its digest or a bad name, 401 for a wrong token, 409 while another deploy runs.
 */
export const AGENT_CONFIG_PATH = '/config/v1';
export const AGENT_CONFIG_DIGEST_HEADER = 'x-ixora-config-sha256';
/** A 1,000-member config is about 40 MB. */
export const AGENT_CONFIG_MAX_BYTES = 256 * 1024 * 1024;

export interface AgentConfigResult {
  readonly isApplied: boolean;
  readonly message: string;
  readonly reloadedSessions: readonly string[];
}

const PROTOCOL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The agent's list of reloaded sessions, kept only if it is a list of BIRD protocol names. */
function readReloadedSessions(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((name): name is string => typeof name === 'string' && PROTOCOL_NAME.test(name));
}

export function configDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function deployThroughAgent(options: {
  readonly agentUrl: string;
  readonly token: string;
  readonly name: string;
  readonly text: string;
  readonly timeoutMs: number;
}): Promise<AgentConfigResult> {
  const name = checkConfigName(options.name, 'rs');
  // Checked again here, not only when the URL was saved: a row written before the rule, or by
  // hand, must not get the token sent over plain HTTP either.
  const problem = agentUrlProblem(options.agentUrl);
  if (problem)
    return {
      isApplied: false,
      message: `not sent to the agent: its URL ${options.agentUrl} ${problem}`,
      reloadedSessions: [],
    };
  const url = `${options.agentUrl.replace(/\/+$/, '')}${AGENT_CONFIG_PATH}/${encodeURIComponent(name)}`;
  try {
    const response = await axios.put<
      (AgentConfigResult & { reloadedSessions?: unknown }) | { error: string }
    >(url, options.text, {
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'text/plain; charset=utf-8',
        [AGENT_CONFIG_DIGEST_HEADER]: configDigest(options.text),
      },
      timeout: options.timeoutMs,
      maxBodyLength: AGENT_CONFIG_MAX_BYTES,
      maxRedirects: 0,
      httpsAgent: new HttpsAgent({ keepAlive: false }),
      validateStatus: () => true,
    });
    const body = response.data;
    if (response.status === 200 && typeof body === 'object' && body !== null && 'isApplied' in body)
      return {
        isApplied: body.isApplied === true,
        message: String(body.message),
        reloadedSessions: body.isApplied === true ? readReloadedSessions(body.reloadedSessions) : [],
      };
    const reason =
      typeof body === 'object' && body !== null && 'error' in body
        ? body.error
        : typeof body === 'string'
          ? body
          : JSON.stringify(body);
    return {
      isApplied: false,
      message: `the agent at ${options.agentUrl} answered ${response.status}: ${reason}`,
      reloadedSessions: [],
    };
  } catch (error) {
    return {
      isApplied: false,
      message: `the agent at ${options.agentUrl} could not be reached: ${(error as Error).message}`,
      reloadedSessions: [],
    };
  }
}
