import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BirdClient } from '@ixora/bird-client';
import { startDemoBird, type DemoBird } from '@ixora/testing';

// The fact behind docs/adr/0009, in the real BIRD: on `configure`, BIRD 2.0.12 keeps a channel's
// import filter (and does not re-run it) when the only change is a prefix-set entry added or
// removed inside an existing node of the set's trie; `reload in` re-runs it. If this test fails
// after a BIRD upgrade, the fact changed: revisit the ADR (the reloads stay correct either way).

const hasBird = spawnSync('bird', ['--version']).error === undefined;
const hasUnshare = spawnSync('unshare', ['--version']).error === undefined;

const routes = ['10.2.0.0/23', '10.2.2.0/23', '10.2.4.0/23', '10.4.0.0/16'];

function config(set: readonly string[]): string {
  return [
    'router id 10.0.0.1;',
    `define MEMBER_PREFIXES = [ ${set.join(', ')} ];`,
    'function member_import(prefix set allowed) { return net ~ allowed; }',
    'protocol device {}',
    'protocol static member_routes {',
    '  ipv4 { import where member_import(MEMBER_PREFIXES); };',
    ...routes.map((prefix) => `  route ${prefix} blackhole;`),
    '}',
    '',
  ].join('\n');
}

(hasBird && hasUnshare ? describe : describe.skip)('BIRD 2.0.12 configure and prefix-set changes', () => {
  let dir: string;
  let file: string;
  let bird: DemoBird;
  let client: BirdClient;

  const accepted = async (): Promise<string[]> => {
    const prefixes: string[] = [];
    for await (const route of client.routes({ protocol: 'member_routes' })) prefixes.push(route.prefix);
    return prefixes.sort();
  };
  const settled = () => new Promise((resolve) => setTimeout(resolve, 300));
  const configure = async (set: readonly string[]): Promise<void> => {
    await writeFile(file, config(set));
    expect((await client.configure(file)).ok).toBe(true);
    await settled();
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-bird-trie-'));
    file = path.join(dir, 'bird.conf');
    await writeFile(file, config(['10.2.0.0/23']));
    const started = await startDemoBird('bird', file, path.join(dir, 'bird.ctl'));
    if (!started) throw new Error('BIRD did not start');
    bird = started;
    client = await BirdClient.connect(bird.socket, { timeoutMs: 10_000 });
    await settled();
  });
  afterAll(async () => {
    await client?.close();
    bird?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('misses an entry added inside an existing trie node, until reload in', async () => {
    expect(await accepted()).toEqual(['10.2.0.0/23']);
    // 10.2.2.0/23 sits in the same /20 node as 10.2.0.0/23: only that node's bitmask changes.
    await configure(['10.2.0.0/23', '10.2.2.0/23']);
    expect(await accepted()).toEqual(['10.2.0.0/23']);
    expect(await client.reloadIn('member_routes')).toEqual({
      isReloaded: true,
      message: 'member_routes: reloading',
    });
    await settled();
    expect(await accepted()).toEqual(['10.2.0.0/23', '10.2.2.0/23']);
  });

  it('misses an entry removed inside an existing trie node, until reload in', async () => {
    await configure(['10.2.0.0/23']);
    expect(await accepted()).toEqual(['10.2.0.0/23', '10.2.2.0/23']);
    await client.reloadIn('member_routes');
    await settled();
    expect(await accepted()).toEqual(['10.2.0.0/23']);
  });

  it('sees an entry that adds a node of its own', async () => {
    await configure(['10.2.0.0/23', '10.4.0.0/16']);
    expect(await accepted()).toEqual(['10.2.0.0/23', '10.4.0.0/16']);
  });
});

if (!hasBird || !hasUnshare) console.log('skipped: the BIRD configure test needs `bird` and `unshare`');
