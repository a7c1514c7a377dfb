import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { BirdClient } from './bird.client.js';
import { selectSessionsToReload } from './session-inputs.js';

export interface ApplyConfigResult {
  readonly isApplied: boolean;
  /** BIRD's answer, or why the config was not applied; names sessions that could not be reloaded. */
  readonly message: string;
  /**
   * BGP protocols whose import filter BIRD re-ran (`reload in`) after the new config was in
   * place, because their inputs changed (session-inputs.ts); sorted. Empty when not applied.
   */
  readonly reloadedSessions: readonly string[];
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
 *
 * Once BIRD runs the new config, every session whose input digest differs from the previous
 * file's gets `reload in` (BIRD's own comparison misses some prefix-set changes; docs/adr/0009).
 * A reload that fails does not undo the deploy: the config is in place, and the message says
 * which sessions still hold routes filtered by the old inputs.
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
  let reloadedSessions: string[] = [];
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
        if (applied.ok) {
          const reload = await reloadSessions(bird, selectSessionsToReload(previous, text), applied.status);
          reloadedSessions = reload.reloaded;
          if (reload.problems.length > 0) message += `; ${reload.problems.join('; ')}`;
        }
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
  return { isApplied, message, reloadedSessions: isApplied ? reloadedSessions : [] };
}

/** `reload in` each session in turn; what could not be reloaded is said, not thrown. */
async function reloadSessions(
  bird: BirdClient,
  sessions: readonly string[],
  configureStatus: string,
): Promise<{ reloaded: string[]; problems: string[] }> {
  if (sessions.length === 0) return { reloaded: [], problems: [] };
  if (configureStatus === 'queued') {
    // BIRD has not switched yet: a reload now would re-run the old filters.
    return {
      reloaded: [],
      problems: [
        `BIRD queued the reconfiguration, so these sessions were not reloaded: ${sessions.join(', ')}`,
      ],
    };
  }
  const reloaded: string[] = [];
  const notUp: string[] = [];
  const failed: string[] = [];
  for (const session of sessions) {
    try {
      const result = await bird.reloadIn(session);
      if (result.isReloaded) reloaded.push(session);
      else notUp.push(session);
    } catch (error) {
      failed.push(`${session} (${(error as Error).message})`);
    }
  }
  const problems: string[] = [];
  // A session that is not up holds no routes; it gets the new filters when it comes up.
  if (notUp.length > 0) problems.push(`not up, nothing to reload: ${notUp.join(', ')}`);
  if (failed.length > 0) problems.push(`reload in failed, run it by hand: ${failed.join(', ')}`);
  return { reloaded, problems };
}
