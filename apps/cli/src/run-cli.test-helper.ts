import { jest } from '@jest/globals';
import { runCli } from './program.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `ixora …` in-process, as a user would, capturing what it prints (for CLI tests). */
export async function ixora(...args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const capture = (into: 'out' | 'err') => (text: string) => {
    if (into === 'out') out += text;
    else err += text;
  };
  const toOut = capture('out');
  const toErr = capture('err');
  const spies = [
    jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => toOut(`${a.join(' ')}\n`)),
    jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => toErr(`${a.join(' ')}\n`)),
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (toOut(String(chunk)), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (toErr(String(chunk)), true)),
  ];
  try {
    return { code: await runCli(args), out, err };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
