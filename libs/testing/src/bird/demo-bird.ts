import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';

export interface DemoBird {
  readonly socket: string;
  stop(): void;
}

/**
 * Runs the demo's route server: BIRD with the config ixora built, in a network namespace of its
 * own (`unshare --net --map-root-user`), so its BGP sessions to the documentation addresses of the
 * demo members never send a packet anywhere. Undefined when BIRD or unshare cannot run here.
 */
export async function startDemoBird(
  birdBinary: string,
  configFile: string,
  socket: string,
): Promise<DemoBird | undefined> {
  if (spawnSync('unshare', ['--version']).error !== undefined) return undefined;
  await rm(socket, { force: true });
  const child: ChildProcess = spawn(
    'unshare',
    ['--net', '--map-root-user', birdBinary, '-f', '-c', configFile, '-s', socket],
    { stdio: 'ignore' },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !exited) {
    if (
      await stat(socket).then(
        () => true,
        () => false,
      )
    ) {
      const stop = () => {
        if (!exited) child.kill('SIGTERM');
      };
      process.once('exit', stop);
      return { socket, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!exited) child.kill('SIGTERM');
  return undefined;
}
