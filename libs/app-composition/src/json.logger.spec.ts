import { loadConfig } from '@ixora/config';
import { configuredSecrets, JsonLogger } from './json.logger.js';

describe('JsonLogger (LOG_FORMAT=json)', () => {
  const config = loadConfig(
    {
      DATABASE_URL: 'postgres://ixora:db-Pa55word-xyz@db.example.net:5432/ixora',
      PEERINGDB_API_KEY: 'pdb-key-0123456789',
      METRICS_TOKEN: 'metrics-token-0123456789',
      AGENT_TOKENS: 'rs1=agent-token-rs1-0123456789',
    },
    '/',
  );
  const apiToken = `ixora_0123456789ab_${'A'.repeat(43)}`;

  function capture(): { logger: JsonLogger; lines: string[] } {
    const lines: string[] = [];
    return {
      logger: new JsonLogger(configuredSecrets(config), undefined, (line) => lines.push(line)),
      lines,
    };
  }

  it('writes one JSON object per event on one line, with level and context', () => {
    const { logger, lines } = capture();
    logger.log('listening', 'serve');
    logger.error('job loop: boom\nsecond line', 'Error: boom\n    at somewhere', 'JobRunner');
    logger.debug('not at this level', 'x');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.endsWith('\n') && !line.slice(0, -1).includes('\n')).toBe(true);
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toEqual({ time: expect.any(String), level: 'log', context: 'serve', message: 'listening' });
    expect(second).toMatchObject({
      level: 'error',
      context: 'JobRunner',
      message: 'job loop: boom\nsecond line',
      stack: expect.stringContaining('at somewhere'),
    });
  });

  it('never writes a secret: configured ones in any text, and token- or password-shaped ones', () => {
    const { logger, lines } = capture();
    logger.error(`connect to postgres://ixora:db-Pa55word-xyz@db.example.net:5432/ixora failed`, 'db');
    logger.warn(`the password db-Pa55word-xyz was refused`, 'db');
    logger.log(`Authorization: Bearer ${apiToken}`, 'api');
    logger.log(`token ${apiToken} used`, 'api');
    logger.log('PeeringDB answered 401 for Api-Key pdb-key-0123456789', 'peeringdb');
    logger.log('scrape with metrics-token-0123456789; agent rs1 agent-token-rs1-0123456789', 'x');
    logger.log('{"email":"a@example.net","password":"hunter2-is-long"}', 'x');
    logger.error(new Error(`failed with ${apiToken}`));
    const text = lines.join('');
    for (const secret of [
      'db-Pa55word-xyz',
      apiToken,
      'A'.repeat(43),
      'pdb-key-0123456789',
      'metrics-token-0123456789',
      'agent-token-rs1-0123456789',
      'hunter2-is-long',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    expect(lines).toHaveLength(8);
  });
});
