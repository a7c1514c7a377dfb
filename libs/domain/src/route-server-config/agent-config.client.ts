import { Agent as HttpsAgent } from 'node:https';
import axios from 'axios';
import {
  AGENT_BASE_PATH,
  AGENT_CONFIG_DIGEST_HEADER,
  AGENT_CONFIG_MAX_BYTES,
  AGENT_CONFIG_PATH,
  configDigest,
  type AgentConfigResult,
} from '@ixora/agent-protocol';
import type { BirdProtocol } from '@ixora/bird-client';
import { checkConfigName } from '@ixora/bird-config';
import { agentUrlProblem } from '@ixora/net';

const PROTOCOL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The agent's list of reloaded sessions, kept only if it is a list of BIRD protocol names. */
function readReloadedSessions(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((name): name is string => typeof name === 'string' && PROTOCOL_NAME.test(name));
}

/**
 * Deploying through `ixora agent` (beside a remote BIRD): the API sends the config it built and
 * validated; the agent checks it again with `bird -p`, puts it in place atomically and asks its
 * BIRD for `configure check` and `configure`, restoring the previous file on any failure. The wire
 * format is @ixora/agent-protocol's.
 */
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

/**
 * `show protocols` of a remote BIRD through its agent (the looking glass's read), for a deploy
 * that waits for its sessions to be established again.
 */
export async function readProtocolsThroughAgent(options: {
  readonly agentUrl: string;
  readonly token: string;
  readonly timeoutMs: number;
}): Promise<BirdProtocol[]> {
  const problem = agentUrlProblem(options.agentUrl);
  if (problem) throw new Error(`not asked: the agent URL ${options.agentUrl} ${problem}`);
  const response = await axios.get<unknown>(
    `${options.agentUrl.replace(/\/+$/, '')}${AGENT_BASE_PATH}/protocols`,
    {
      headers: { authorization: `Bearer ${options.token}` },
      timeout: options.timeoutMs,
      maxRedirects: 0,
      httpsAgent: new HttpsAgent({ keepAlive: false }),
    },
  );
  if (!Array.isArray(response.data))
    throw new Error(`the agent at ${options.agentUrl} sent no protocol list`);
  return (response.data as unknown[]).filter(
    (p): p is BirdProtocol =>
      typeof p === 'object' &&
      p !== null &&
      typeof (p as BirdProtocol).name === 'string' &&
      typeof (p as BirdProtocol).proto === 'string' &&
      typeof (p as BirdProtocol).info === 'string',
  );
}
