import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SocketLineSource } from './bird-reply.reader.js';

// SocketLineSource over a real UNIX socket pair: framing across reads, backpressure, limits.
let directory: string;
let server: Server;
let far: Socket;
let near: Socket;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ixora-bird-lines-'));
  const path = join(directory, 'pair.sock');
  server = createServer();
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve) => server.listen(path, resolve));
  near = createConnection({ path });
  far = await accepted;
});

afterEach(async () => {
  near.destroy();
  far.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(directory, { recursive: true, force: true });
});

async function readAll(source: SocketLineSource, count: number): Promise<string[]> {
  const lines: string[] = [];
  while (lines.length < count) lines.push(...(await source.readLines(1_000)));
  return lines;
}

describe('SocketLineSource', () => {
  it('joins lines split across reads and keeps UTF-8 characters whole', async () => {
    const source = new SocketLineSource(near);
    const bytes = Buffer.from('1006-  Description:    Müller Netz GmbH\n0000 \n');
    for (let start = 0; start < bytes.length; start += 3) far.write(bytes.subarray(start, start + 3));
    await expect(readAll(source, 2)).resolves.toEqual(['1006-  Description:    Müller Netz GmbH', '0000 ']);
  });

  it('pauses the socket while too many lines wait unread, and resumes when they are taken', async () => {
    const source = new SocketLineSource(near, { highWaterLines: 100 });
    far.write(`${Array.from({ length: 1_000 }, (_, index) => ` line ${index}`).join('\n')}\n`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(near.isPaused()).toBe(true);
    const lines = await readAll(source, 1_000);
    expect(lines).toHaveLength(1_000);
    expect(lines[999]).toBe(' line 999');
  });

  it('fails on a line longer than the limit instead of buffering it', async () => {
    const source = new SocketLineSource(near, { maxLineLength: 1_000 });
    far.write('x'.repeat(2_000));
    await expect(source.readLines(1_000)).rejects.toMatchObject({ failure: 'protocol' });
    expect(near.destroyed).toBe(true);
  });

  it('times out, and reports the peer closing', async () => {
    const source = new SocketLineSource(near);
    await expect(source.readLines(30)).rejects.toMatchObject({ failure: 'timeout' });
    far.end('0000 \n');
    await expect(source.readLines(1_000)).resolves.toEqual(['0000 ']);
    await expect(source.readLines(1_000)).rejects.toMatchObject({ failure: 'closed' });
  });
});
