import net from 'node:net';
import { loadIrrFixtureDatabase, startIrrTestServer, type IrrTestServer } from '@ixora/testing';
import { IrrClient } from './irr.client.js';
import { MemberExpansionService } from './member-expansion.service.js';

describe('MemberExpansionService', () => {
  let server: IrrTestServer;
  let client: IrrClient;

  beforeAll(async () => {
    server = await startIrrTestServer({ database: loadIrrFixtureDatabase() });
    client = new IrrClient({ host: server.host, port: server.port, sources: ['TESTA', 'TESTB'] });
  });

  afterAll(async () => {
    client.close();
    await server.close();
  });

  it.each([true, false])(
    'expands sets, pinned sets and plain ASNs, always with the own ASN (!a: %s)',
    async (useSetPrefixQueries) => {
      const expansion = await new MemberExpansionService(client, { useSetPrefixQueries }).expandMember({
        asn: 64510,
        asSets: 'AS-IXORA-LOOP-A, TESTB::AS-IXORA-SPLIT AS64505 AS-IXORA-MISSING',
      });
      expect(expansion.asns).toEqual([64501, 64502, 64504, 64505, 64510]);
      expect(expansion.v4.sort()).toEqual(
        [
          '192.0.2.0/26',
          '192.0.2.64/26',
          '192.0.2.128/26',
          '192.0.2.192/26',
          '203.0.113.0/28',
          '198.51.100.128/25',
          '203.0.113.0/24',
          '203.0.113.0/25',
          '203.0.113.128/25',
          '198.51.100.0/25',
          '198.51.100.64/26',
          '198.51.100.128/26',
          '198.51.100.192/26',
          '198.51.100.0/26',
          '198.51.100.128/27',
          '198.51.100.160/27',
          '198.51.100.192/27',
          '198.51.100.224/27',
        ].sort(),
      );
      expect(expansion.sources).toEqual(['TESTA', 'TESTB']);
      expect(expansion.warnings).toEqual(['AS-SET AS-IXORA-MISSING not found or empty in TESTA,TESTB']);
    },
  );

  it.each([true, false])(
    'looks a pinned set up in its source and its nested sets in the default sources (!a: %s)',
    async (useSetPrefixQueries) => {
      const pinned = new IrrClient({ host: server.host, port: server.port, sources: ['TESTA', 'TESTB'] });
      try {
        const expansion = await new MemberExpansionService(pinned, { useSetPrefixQueries }).expandMember({
          asn: 64506,
          asSets: 'TESTB::AS-IXORA-PINNED TESTB::AS-IXORA-NOWHERE',
        });
        // AS-IXORA-CROSS is only in TESTA, AS-IXORA-ONLYB (inside it) only in TESTB; AS-IXORA-SPLIT
        // has AS64503 in TESTA and AS64504 in TESTB. A pin carried down the tree finds only AS64504.
        expect(expansion.asns).toEqual([64503, 64504, 64505, 64506, 64507, 65537]);
        expect(expansion.v6).toEqual(expect.arrayContaining(['2001:db8:700::/48', '2001:db8:701::/48']));
        expect(expansion.warnings).toEqual(['AS-SET TESTB::AS-IXORA-NOWHERE not found or empty in TESTB']);
      } finally {
        pinned.close();
      }
    },
  );

  it('refuses invalid set names before sending anything', async () => {
    const before = server.queries.length;
    await expect(
      new MemberExpansionService(client).expandMember({ asn: 64496, asSets: 'AS-GOOD AS-BAD!' }),
    ).rejects.toThrow(/asSets: "AS-BAD!" is not an RPSL as-set name/);
    expect(server.queries.length).toBe(before);
  });
});

describe('MemberExpansionService against a server listing unresolved sets', () => {
  it('warns about an unresolved nested set and fails on anything that is neither ASN nor set', async () => {
    const answers: Record<string, string> = {
      '!iAS-ODD,1': 'AS64500 AS-UNRESOLVED',
      '!iAS-BROKEN,1': 'AS64500 192.0.2.0/24',
    };
    const stub = net.createServer((socket) => {
      let buffered = '';
      socket.on('data', (chunk) => {
        buffered += chunk.toString();
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
          if (line === '!!') continue;
          const data = answers[line];
          socket.write(line.startsWith('!n') ? 'C\n' : data ? `A${data.length + 1}\n${data}\nC\n` : 'D\n');
        }
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const client = new IrrClient({ host: '127.0.0.1', port: (stub.address() as net.AddressInfo).port });
    try {
      const service = new MemberExpansionService(client);
      const odd = await service.expandMember({ asn: 64501, asSets: 'AS-ODD' });
      expect(odd.asns).toEqual([64500, 64501]);
      expect(odd.warnings).toContain('AS-SET AS-UNRESOLVED (in AS-ODD) could not be resolved');
      await expect(service.expandMember({ asn: 64501, asSets: 'AS-BROKEN' })).rejects.toThrow(
        /IRR answer for AS-BROKEN has "192.0.2.0\/24" where an ASN belongs/,
      );
    } finally {
      client.close();
      await new Promise((resolve) => stub.close(resolve));
    }
  });
});
