import { execFileSync } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The lab needs root that may create network namespaces, and BIRD 2 with birdc and iproute2. Where any is
 * missing, the lab is skipped with one line saying why; on CI it fails instead, so CI always runs it.
 */
export function labUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `needs Linux network namespaces (this is ${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return 'needs root for network namespaces';
  for (const program of ['ip', 'bird', 'birdc']) {
    if (!isInstalled(program))
      return `\`${program}\` is not installed (apt-get install ${program === 'ip' ? 'iproute2' : 'bird2'})`;
  }
  return canCreateNamespace()
    ? undefined
    : 'cannot create network namespaces here (a container without CAP_SYS_ADMIN?)';
}

/** Root in a container may still lack the capabilities; one throw-away namespace tells. */
function canCreateNamespace(): boolean {
  const probe = `ixora-lab-probe-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'ignore', timeout: 5_000 });
  } catch {
    return false;
  }
  try {
    execFileSync('ip', ['netns', 'delete', probe], { stdio: 'ignore', timeout: 5_000 });
  } catch {
    // a leftover probe is harmless and has no process in it
  }
  return true;
}

/**
 * `describe` when the lab can run, else `describe.skip` after one line on the console. With `ci`
 * set (the CI environment), a missing prerequisite becomes a failing test instead of a skip.
 */
export function describeLab(name: string, body: () => void, options: { ci: boolean }): void {
  const reason = labUnavailableReason();
  if (reason === undefined) {
    describe(name, body);
    return;
  }
  if (options.ci) {
    describe(name, () => {
      it('runs on CI', () => {
        throw new Error(`lab cannot run on CI: ${reason}`);
      });
    });
    return;
  }
  announceOnce(`lab tests skipped: ${reason}`);
  describe.skip(name, body);
}

/**
 * Jest loads each lab spec file on its own (often in its own worker), so the skip line is
 * deduplicated through a marker file named after the parent process: one line per test run.
 */
function announceOnce(line: string): void {
  try {
    closeSync(openSync(path.join(os.tmpdir(), `ixora-lab-skip-notice-${process.ppid}`), 'wx'));
  } catch {
    return;
  }
  process.stdout.write(`${line}\n`);
}

/** Runs the program with a harmless bad option: only a missing binary fails with ENOENT. */
function isInstalled(program: string): boolean {
  try {
    execFileSync(program, ['-h'], { stdio: 'ignore', timeout: 5_000 });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  return true;
}
