import { AgentReader } from './agent.reader.js';
import { BirdSocketReader } from './bird-socket.reader.js';
import { openRouteServerReader } from './route-server-reader.factory.js';

describe('openRouteServerReader', () => {
  const tokens = new Map([['rs1', 'secret-token']]);

  it("takes the agent when there is one (with its token), else the route server's socket, else BIRD_SOCKET", async () => {
    const agent = openRouteServerReader(
      { name: 'rs1', agentUrl: 'https://rs1.example.net:8443', socketPath: '/run/bird/rs1.ctl' },
      { agentTokens: tokens },
    );
    expect(agent).toBeInstanceOf(AgentReader);
    const own = openRouteServerReader(
      { name: 'rs2', agentUrl: null, socketPath: '/run/bird/rs2.ctl' },
      { birdSocket: '/run/bird/bird.ctl' },
    );
    expect(own).toBeInstanceOf(BirdSocketReader);
    const shared = openRouteServerReader({ name: 'rs3' }, { birdSocket: '/run/bird/bird.ctl' });
    expect(shared).toBeInstanceOf(BirdSocketReader);
    await Promise.all([agent.close(), own.close(), shared.close()]);
  });

  it('refuses, naming the route server and the setting, an agent without a token or a route server with no socket', () => {
    expect(() =>
      openRouteServerReader(
        { name: 'rs2', agentUrl: 'https://rs2.example.net:8443' },
        { agentTokens: tokens },
      ),
    ).toThrow(expect.objectContaining({ field: 'AGENT_TOKENS', message: expect.stringContaining('rs2') }));
    expect(() => openRouteServerReader({ name: 'rs4', socketPath: null }, {})).toThrow(
      expect.objectContaining({
        field: 'BIRD_SOCKET',
        message: expect.stringContaining('rs4 has no control socket'),
      }),
    );
  });
});
