import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IxoraError } from '@ixora/errors';
import { loadVrpSource } from './vrp-source.loader.js';

const BODY = '{"roas":[{"asn":"AS64496","prefix":"192.0.2.0/24","maxLength":24,"ta":"ripe"}]}';

describe('loadVrpSource (HTTP, on 127.0.0.1)', () => {
  let server: Server;
  let base: string;
  const hanging = new Set<() => void>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/vrps.json') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(BODY);
      } else if (request.url === '/slow') {
        // Send headers and part of the body, then stall until the test ends.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"roas":[');
        hanging.add(() => response.end(']}'));
      } else {
        response.writeHead(503);
        response.end('maintenance');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const finish of hanging) finish();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('downloads the document as text', async () => {
    await expect(loadVrpSource(`${base}/vrps.json`, { timeoutMs: 5000 })).resolves.toBe(BODY);
  });

  it('reports an HTTP error status', async () => {
    const error = (await loadVrpSource(`${base}/down`, { timeoutMs: 5000 }).catch(
      (caught: unknown) => caught,
    )) as IxoraError;
    expect(error).toBeInstanceOf(IxoraError);
    expect(error.code).toBe('upstream_failed');
    expect(error.message).toBe(`RPKI VRP source ${base}/down: HTTP 503`);
  });

  it('gives up after the timeout, also when the body stalls', async () => {
    const error = (await loadVrpSource(`${base}/slow`, { timeoutMs: 300 }).catch(
      (caught: unknown) => caught,
    )) as IxoraError;
    expect(error).toBeInstanceOf(IxoraError);
    expect(error.message).toBe(
      `RPKI VRP source ${base}/slow: no usable answer within 300 ms (unreachable, refused or too slow)`,
    );
  });

  it('reports a refused connection in the same words as a timeout (no port probing)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = (await loadVrpSource(`http://127.0.0.1:${port}/vrps.json`, { timeoutMs: 5000 }).catch(
      (caught: unknown) => caught,
    )) as IxoraError;
    expect(error.code).toBe('upstream_failed');
    expect(error.message).toBe(
      `RPKI VRP source http://127.0.0.1:${port}/vrps.json: no usable answer within 5000 ms (unreachable, refused or too slow)`,
    );
  });
});
