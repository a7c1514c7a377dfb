// Watchdog of one lab run: `node lab-reaper.mjs <lab id> <temp dir>`, started detached by lab.ts
// with a pipe on stdin. When the pipe closes — the lab stopped, or the test process ended in any
// way, SIGKILL included — it kills every process left in the lab's namespaces, deletes the
// namespaces and the temp dir. Signal handlers inside Jest's sandbox never see the real process,
// hence a separate process.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { basename } from 'node:path';

const [id, dir] = process.argv.slice(2);
if (!id || !/^[0-9a-f]+$/.test(id) || !dir || basename(dir) !== `ixora-lab-${id}`) {
  process.stderr.write('usage: lab-reaper.mjs <lab id> <temp dir>\n');
  process.exit(2);
}
const prefix = `ixora-lab-${id}-`;

function run(args) {
  try {
    return execFileSync('ip', args, { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

function reap() {
  const namespaces = run(['netns', 'list'])
    .split('\n')
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter((name) => name.startsWith(prefix));
  for (const namespace of namespaces) {
    for (const pid of run(['netns', 'pids', namespace])
      .split(/\s+/)
      .filter((p) => /^\d+$/.test(p))) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    run(['netns', 'delete', namespace]);
  }
  rmSync(dir, { recursive: true, force: true });
}

// The reaper runs in a process group of its own, so a Ctrl-C of the test run does not reach it;
// a hang-up of the terminal must not end it before its one job either.
process.on('SIGHUP', () => undefined);
process.stdin.on('data', () => undefined);
process.stdin.on('close', () => {
  reap();
  process.exit(0);
});
process.stdin.on('end', () => {
  reap();
  process.exit(0);
});
