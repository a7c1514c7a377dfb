export { startAgent, type AgentOptions, type RunningAgent } from './agent.server.js';
