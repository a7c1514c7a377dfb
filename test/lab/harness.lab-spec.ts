import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './command.runner.js';
import { Lab, labNamePrefix, removeLeftoverLabs, waitFor } from './lab.js';
import { describeLab } from './lab-environment.js';
import { memberSessionV4, memberSessionV6, renderMemberRouterConfig } from './member-router.config.js';

// The harness itself, against a small hand-written route server: namespaces, bridge, sessions,
// crafted announcements, route inspection and cleanup.
const here = path.dirname(fileURLToPath(import.meta.url));
const routeServer = { asn: 64900, ipv4: '192.0.2.1', ipv6: '2001:db8::1' };

async function namespaces(): Promise<string[]> {
  const { stdout } = await runCommand('ip', ['netns', 'list']);
  return stdout
    .split('\n')
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}

describeLab(
  'lab harness',
  () => {
    let lab: Lab;

    beforeAll(async () => {
      lab = await Lab.start([
        {
          name: 'rs',
          ...routeServer,
          config: readFileSync(path.join(here, 'fixtures', 'route-server.hand-written.conf'), 'utf8'),
        },
        {
          name: 'm1',
          ipv4: '192.0.2.11',
          ipv6: '2001:db8::11',
          config: renderMemberRouterConfig({
            asn: 59901,
            ipv4: '192.0.2.11',
            ipv6: '2001:db8::11',
            routeServer,
            announcements: [
              {
                prefix: '198.51.100.0/24',
                asPath: [59901, 59901, 3333],
                communities: [[59901, 42]],
                largeCommunities: [[59901, 1, 2]],
              },
              { prefix: '203.0.113.0/24', nextHop: '192.0.2.99' },
              { prefix: '2001:db8:1000::/36', asPath: [59901, 3333] },
            ],
          }),
        },
        {
          name: 'm2',
          ipv4: '192.0.2.12',
          ipv6: '2001:db8::12',
          config: renderMemberRouterConfig({
            asn: 59902,
            ipv4: '192.0.2.12',
            ipv6: '2001:db8::12',
            routeServer,
            announcements: [],
          }),
        },
      ]);
      await lab.waitForEstablished('rs', ['m1_v4', 'm1_v6', 'm2_v4', 'm2_v6']);
      await lab.waitForEstablished('m2', [memberSessionV4, memberSessionV6]);
    }, 60_000);

    afterAll(async () => {
      await lab?.stop();
    }, 30_000);

    it('puts each router in its own namespace and the bridge in another', async () => {
      const names = await namespaces();
      const own = names.filter((name) => name.startsWith(`${labNamePrefix}${lab.id}-`)).sort();
      expect(own).toEqual([
        `${labNamePrefix}${lab.id}-1`,
        `${labNamePrefix}${lab.id}-2`,
        `${labNamePrefix}${lab.id}-3`,
        lab.lanNamespace,
      ]);
      const { stdout } = await runCommand('ip', [
        '-n',
        lab.lanNamespace,
        '-o',
        'link',
        'show',
        'master',
        'br0',
      ]);
      expect(stdout.match(/^\d+: v\d/gm)).toHaveLength(3);
    });

    it('delivers a crafted announcement with exactly the AS_PATH, communities and next hop the test set', async () => {
      const route = await waitFor('198.51.100.0/24 at m2', async () =>
        (await lab.router('m2').routes('for 198.51.100.0/24')).find((r) => r.prefix === '198.51.100.0/24'),
      );
      expect(route.asPath).toEqual([59901, 59901, 3333]);
      expect(route.communities).toEqual(['59901:42']);
      expect(route.largeCommunities).toEqual(['59901:1:2']);
      expect(route.nextHop).toBe('192.0.2.11');
      expect(route.protocol).toBe(memberSessionV4);
    });

    it('carries IPv6 over its own session', async () => {
      const route = await waitFor('2001:db8:1000::/36 at m2', async () =>
        (await lab.router('m2').routes(`protocol ${memberSessionV6}`)).find(
          (r) => r.prefix === '2001:db8:1000::/36',
        ),
      );
      expect(route.asPath).toEqual([59901, 3333]);
      expect(route.nextHop).toBe('2001:db8::11');
    });

    it('shows what the route server filtered and why, and the filtered route never reaches a member', async () => {
      const filtered = await waitFor('the filtered 203.0.113.0/24 at rs', async () =>
        (await lab.router('rs').routes('filtered protocol m1_v4')).find((r) => r.prefix === '203.0.113.0/24'),
      );
      expect(filtered.nextHop).toBe('192.0.2.99');
      expect(filtered.largeCommunities).toContain('64900:1101:8');
      // The session has carried 198.51.100.0/24, which m1 announced in the same update burst.
      expect((await lab.router('m2').routes('for 203.0.113.0/24')).map((r) => r.prefix)).not.toContain(
        '203.0.113.0/24',
      );
      expect(await lab.router('rs').routeCounts('m1_v4')).toEqual({ imported: 1, filtered: 1, exported: 0 });
    });

    it('removes every namespace, BIRD and file it created when stopped', async () => {
      const pids = lab.routers.map((router) => router.pid);
      await lab.stop();
      const left = (await namespaces()).filter((name) => name.startsWith(`${labNamePrefix}${lab.id}-`));
      expect(left).toEqual([]);
      for (const pid of pids) expect(existsSync(`/proc/${String(pid)}`)).toBe(false);
      expect(existsSync(lab.dir)).toBe(false);
    });

    it('removes namespaces a crashed earlier run left behind', async () => {
      const orphan = `${labNamePrefix}0badc0de-1`;
      await runCommand('ip', ['netns', 'add', orphan]);
      try {
        expect(await removeLeftoverLabs()).toContain(orphan);
        expect(await namespaces()).not.toContain(orphan);
      } finally {
        await runCommand('ip', ['netns', 'delete', orphan]).catch(() => undefined);
      }
    });
  },
  { ci: process.env.CI === 'true' },
);
