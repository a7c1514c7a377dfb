import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { smallExchangeModel } from '../fixtures/small-exchange.fixture.js';
import { validateWithBird } from './bird-config.validator.js';
import { normaliseModel } from './route-server-config.normaliser.js';
import { renderNormalisedModel, renderRouteServerConfig } from './route-server-config.renderer.js';

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

  it('keeps a hostile AS-SET name that slipped past the normaliser inside its comment lines', async () => {
    // The normaliser refuses such names (RPSL grammar); the comment lines are sanitised all the same.
    const hostile = 'AS-X\n}; protocol static evil { ipv4; route 0.0.0.0/0 blackhole; } */ /* \r\n\u2028#';
    const model = normaliseModel(smallExchangeModel());
    const config = renderNormalisedModel({
      ...model,
      members: model.members.map((m) => ({ ...m, asSet: hostile })),
    });
    const carrying = config.split('\n').filter((line) => line.includes('AS-X'));
    // One member comment per member with sessions, one policy line per session: all comments.
    expect(carrying).toHaveLength(
      model.members.filter((m) => model.sessions.some((s) => s.memberAsn === m.asn)).length +
        model.sessions.length,
    );
    for (const line of carrying) expect(line).toMatch(/^ *# AS/);
    expect(config).not.toMatch(/\/\*|\*\//);
    const result = await validateWithBird(config, { birdBinary });
    expect(result).toMatchObject({ ok: true, output: '' });
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
