// Child process of bench/lg.bench.ts: asks BIRD `show status` every 100 ms on its own connection
// and prints `<epoch ms> <latency ms>` per answer. In its own process, so the benchmark's busy
// event loop does not count as BIRD's stall.
import { BirdClient } from '@ixora/bird-client';

const socketPath = process.argv[2];
if (!socketPath) throw new Error('usage: lg-bench.probe.ts SOCKET');
const bird = await BirdClient.connect(socketPath, { timeoutMs: 60_000 });
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
for (;;) {
  const sentAt = Date.now();
  const started = performance.now();
  await bird.status();
  process.stdout.write(`${sentAt} ${(performance.now() - started).toFixed(2)}\n`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
