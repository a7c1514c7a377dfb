import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IxoraError } from '@ixora/errors';
import { loadVrpSource } from './vrp-source.loader.js';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ripe-validator.json');

async function failure(promise: Promise<unknown>): Promise<IxoraError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IxoraError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('loadVrpSource (files)', () => {
  it('reads a file path', async () => {
    await expect(loadVrpSource(fixture, { timeoutMs: 5000 })).resolves.toBe(readFileSync(fixture, 'utf8'));
  });

  it('reads a file: URL', async () => {
    await expect(loadVrpSource(pathToFileURL(fixture).href, { timeoutMs: 5000 })).resolves.toBe(
      readFileSync(fixture, 'utf8'),
    );
  });

  it('names a missing file', async () => {
    const error = await failure(loadVrpSource('/nonexistent/vrps.json', { timeoutMs: 5000 }));
    expect(error.code).toBe('upstream_failed');
    expect(error.message).toBe('RPKI VRP source /nonexistent/vrps.json: no such file');
  });

  it('refuses schemes it cannot read', async () => {
    const error = await failure(loadVrpSource('rsync://rpki.example.net/repo/', { timeoutMs: 5000 }));
    expect(error.code).toBe('invalid_value');
    expect(error.message).toContain('unsupported scheme "rsync"');
  });
});
