export { CONFIG_VARIABLES, loadConfig, type IxoraConfig } from './ixora.config.js';
export { IXORA_CONFIG } from './config.tokens.js';
export { fixedClock, IXORA_CLOCK, systemClock, type Clock } from './clock.js';
export { loadTestEnvironment, type TestEnvironment } from './test-environment.js';
