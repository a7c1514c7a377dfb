import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { BirdClient } from './bird.client.js';

export interface ApplyConfigResult {
  readonly isApplied: boolean;
  /** BIRD's answer, or why the config was not applied. */
  readonly message: string;
}

/** Replaces `file` in one step (rename(2)): BIRD never reads half a config. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}-${Date.now()}`;
  await writeFile(temporary, text, { mode: 0o640 });
  await rename(temporary, file);
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Puts a config in place for a running BIRD: writes `text` to `file` atomically, then asks BIRD on
 * `socketPath` for `configure check "file"` and `configure "file"`. On any failure the previous
 * file comes back (or the new one goes, if there was none), so BIRD — which never replaces its
 * running config with one it rejects — and the file on disk agree.
 */
export async function applyBirdConfig(
  file: string,
  text: string,
  socketPath: string,
  options: { timeoutMs: number },
): Promise<ApplyConfigResult> {
  const previous = await readIfExists(file);
  let message: string;
  let isApplied = false;
  try {
    await writeFileAtomically(file, text);
    const bird = await BirdClient.connect(socketPath, { timeoutMs: options.timeoutMs });
    try {
      const check = await bird.configureCheck(file);
      if (!check.ok) {
        message = `BIRD rejected the config in configure check: ${check.message}`;
      } else {
        const applied = await bird.configure(file);
        message = applied.ok ? applied.message : `BIRD rejected the config: ${applied.message}`;
        isApplied = applied.ok;
      }
    } finally {
      await bird.close();
    }
  } catch (error) {
    message = `deploy failed: ${(error as Error).message}`;
  }
  if (!isApplied) {
    if (previous === null) await rm(file, { force: true });
    else await writeFileAtomically(file, previous);
  }
  return { isApplied, message };
}
