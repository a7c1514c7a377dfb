import { spawn } from 'node:child_process';

export interface ProcessResult {
  /** Exit code, or null when the process was killed (timeout) or could not start. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly isTimedOut: boolean;
  /** Why the process could not start (e.g. ENOENT), if it did not. */
  readonly spawnError: string | null;
}

export interface RunOptions {
  readonly timeoutMs: number;
  /** Output beyond this is dropped, so a runaway process cannot exhaust memory. */
  readonly maxOutputBytes?: number;
}

/**
 * The one way this lib shells out: an argument array (never a shell string, so nothing in a path
 * or value is interpreted), a hard timeout (SIGKILL), captured stdout and stderr.
 */
export function runProcess(
  binary: string,
  args: readonly string[],
  options: RunOptions,
): Promise<ProcessResult> {
  const maxBytes = options.maxOutputBytes ?? 1_000_000;
  const started = performance.now();
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let sizes = [0, 0];
    let isTimedOut = false;
    let spawnError: string | null = null;
    const child = spawn(binary, [...args], { stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    const collect = (target: Buffer[], index: 0 | 1) => (chunk: Buffer) => {
      if (sizes[index]! >= maxBytes) return;
      target.push(chunk);
      sizes = index === 0 ? [sizes[0]! + chunk.length, sizes[1]!] : [sizes[0]!, sizes[1]! + chunk.length];
    };
    child.stdout.on('data', collect(stdout, 0));
    child.stderr.on('data', collect(stderr, 1));
    const timer = setTimeout(() => {
      isTimedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code ?? error.message;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        exitCode: isTimedOut || spawnError ? null : code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: performance.now() - started,
        isTimedOut,
        spawnError,
      });
    });
  });
}
