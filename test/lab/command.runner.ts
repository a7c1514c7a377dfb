import { execFile, execFileSync } from 'node:child_process';
import { IxoraError } from '@ixora/errors';

/**
 * The lab's one way to run a program: an argument array (never a shell string), a timeout, and
 * stderr captured so a failure says what the program said.
 */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly timeoutMs?: number;
}

const defaultTimeoutMs = 10_000;

export function runCommand(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          reject(commandFailed(file, args, error, stdout, stderr, timeoutMs));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

/** For exit handlers, where nothing asynchronous runs any more. Never throws. */
export function runCommandSyncQuietly(file: string, args: readonly string[], timeoutMs = 5_000): string {
  try {
    return execFileSync(file, [...args], {
      timeout: timeoutMs,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return '';
  }
}

function commandFailed(
  file: string,
  args: readonly string[],
  error: Error & { killed?: boolean; code?: number | string | null },
  stdout: string,
  stderr: string,
  timeoutMs: number,
): IxoraError {
  const command = [file, ...args].join(' ');
  const why = error.killed ? `timed out after ${timeoutMs} ms` : `failed (${String(error.code)})`;
  const said = stderr.trim() === '' ? '' : `: ${stderr.trim().split('\n').slice(-5).join(' | ')}`;
  return new IxoraError('internal', `${command} ${why}${said}`, { value: command, stdout }, { cause: error });
}
