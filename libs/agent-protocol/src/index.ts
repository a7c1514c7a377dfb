/**
 * @ixora/agent-protocol — what the API and `ixora agent` agree on: paths, headers, the deploy
 * answer, the config digest and the bearer-token check. Imports nothing but Node, so the agent
 * carries neither the domain nor TypeORM.
 */
export {
  AGENT_BASE_PATH,
  AGENT_CONFIG_DIGEST_HEADER,
  AGENT_CONFIG_MAX_BYTES,
  AGENT_CONFIG_PATH,
  configDigest,
  isTokenMatch,
  type AgentConfigResult,
  type AgentStreamTrailer,
} from './agent.protocol.js';
