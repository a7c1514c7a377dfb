import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { smallExchangeModel } from '../fixtures/small-exchange.fixture.js';
import { validateWithBird } from './bird-config.validator.js';
import { renderRouteServerConfig } from './route-server-config.renderer.js';

// Every rendered config goes through BIRD's own parser (`bird -p`), as the agent does before a
// deploy. Skips when BIRD 2 is not installed (apt-get install bird2).
const birdBinary = process.env.BIRD_BINARY ?? 'bird';
const hasBird = spawnSync(birdBinary, ['--version'], { encoding: 'utf8' }).error === undefined;
if (!hasBird) console.log(`bird-config integration: skipped, ${birdBinary} not found (install bird2)`);
const describeWithBird = hasBird ? describe : describe.skip;
const goldenDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'golden');

describeWithBird('validateWithBird (bird -p)', () => {
  it.each(['small-exchange.conf', 'mid-size-exchange.conf'])('accepts the golden %s', async (file) => {
    const result = await validateWithBird(readFileSync(path.join(goldenDir, file), 'utf8'), { birdBinary });
    expect(result).toMatchObject({ ok: true, output: '' });
  });

  it('accepts RTR mode and a 32-bit route-server ASN', async () => {
    const model = smallExchangeModel();
    const config = renderRouteServerConfig({
      ...model,
      routeServer: { ...model.routeServer, asn: 4200000001 },
      rpki: { mode: 'rtr', rtrHost: '127.0.0.1', rtrPort: 3323 },
    });
    expect(await validateWithBird(config, { birdBinary })).toMatchObject({ ok: true });
  });

  it('accepts a config of hostile free text in every text field that takes it', async () => {
    const model = smallExchangeModel();
    const hostile = '"}; protocol static x { ipv4; route 0.0.0.0/0 blackhole; }; /* \\ \n # ü 東京';
    const config = renderRouteServerConfig({
      ...model,
      ixp: { ...model.ixp, name: hostile },
      members: model.members.map((m) => ({ ...m, name: hostile })),
      sessions: model.sessions.map((s) => ({ ...s, description: hostile })),
    });
    const result = await validateWithBird(config, { birdBinary });
    expect(result).toMatchObject({ ok: true });
  });

  it('reports where BIRD stops on a broken config', async () => {
    const result = await validateWithBird('router id 192.0.2.1;\nprotocol bgp {\n', { birdBinary });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/bird\.conf:\d+:\d+/);
  });

  it('reports a missing binary instead of throwing', async () => {
    const result = await validateWithBird('router id 192.0.2.1;\n', { birdBinary: '/nonexistent/bird' });
    expect(result).toMatchObject({ ok: false, output: 'could not run /nonexistent/bird: ENOENT' });
  });
});
