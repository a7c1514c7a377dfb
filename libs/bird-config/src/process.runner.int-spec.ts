import { runProcess } from './process.runner.js';

describe('runProcess', () => {
  it('passes arguments literally, never through a shell', async () => {
    const hostile = '$(id); echo pwned `id` | cat > /tmp/x';
    const result = await runProcess('/bin/echo', [hostile], { timeoutMs: 5000 });
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: `${hostile}\n`,
      isTimedOut: false,
      spawnError: null,
    });
  });

  it('kills a process that runs past its timeout', async () => {
    const result = await runProcess('/bin/sleep', ['10'], { timeoutMs: 200 });
    expect(result.isTimedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.durationMs).toBeLessThan(5000);
  });

  it('captures stderr and the exit code', async () => {
    const result = await runProcess('/bin/ls', ['/nonexistent-ixora-path'], { timeoutMs: 5000 });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('nonexistent-ixora-path');
  });

  it('reports a binary that does not exist', async () => {
    const result = await runProcess('/nonexistent/binary', [], { timeoutMs: 5000 });
    expect(result).toMatchObject({ exitCode: null, spawnError: 'ENOENT' });
  });

  it('caps captured output', async () => {
    const result = await runProcess('/usr/bin/head', ['-c', '200000', '/dev/zero'], {
      timeoutMs: 5000,
      maxOutputBytes: 1000,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.length).toBeLessThan(70_000);
  });
});
