import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runProcess } from './process.runner.js';

export interface BirdValidationOptions {
  /** Default `bird` (the `BIRD_BINARY` setting, passed in by the caller). */
  readonly birdBinary?: string;
  /** Default 60 s: a 1,000-member config parses in well under a second. */
  readonly timeoutMs?: number;
}

export interface BirdValidationResult {
  readonly ok: boolean;
  /** BIRD's message (stderr, then stdout), e.g. `bird: /tmp/…/bird.conf:12:3 syntax error…`. */
  readonly output: string;
  readonly durationMs: number;
}

/**
 * Checks a config the way BIRD will read it: `bird -p -c FILE` parses the config and exits without
 * starting (no control socket, no privileges, no routes). The text goes to a private temporary
 * directory that is removed afterwards.
 */
export async function validateWithBird(
  configText: string,
  options: BirdValidationOptions = {},
): Promise<BirdValidationResult> {
  const directory = await mkdtemp(path.join(tmpdir(), 'ixora-bird-check-'));
  const file = path.join(directory, 'bird.conf');
  try {
    await writeFile(file, configText, { mode: 0o600 });
    const result = await runProcess(options.birdBinary ?? 'bird', ['-p', '-c', file], {
      timeoutMs: options.timeoutMs ?? 60_000,
    });
    const output = [result.stderr, result.stdout]
      .map((text) => text.trim())
      .filter(Boolean)
      .join('\n');
    if (result.spawnError) {
      return {
        ok: false,
        output: `could not run ${options.birdBinary ?? 'bird'}: ${result.spawnError}`,
        durationMs: result.durationMs,
      };
    }
    if (result.isTimedOut) {
      return {
        ok: false,
        output: `bird -p did not finish within ${options.timeoutMs ?? 60_000} ms`,
        durationMs: result.durationMs,
      };
    }
    return { ok: result.exitCode === 0, output, durationMs: result.durationMs };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
