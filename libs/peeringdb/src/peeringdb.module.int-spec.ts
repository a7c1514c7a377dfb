import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { IXORA_CONFIG, loadConfig } from '@ixora/config';
import {
  createTestDatabase,
  PEERINGDB_FIXTURES_DIR,
  startPeeringDbTestServer,
  type PeeringDbTestServer,
  type TestDatabase,
} from '@ixora/testing';
import { PeeringDbCheckService } from './peeringdb-check.service.js';
import { PeeringDbModule, PeeringDbSyncService } from './peeringdb.module.js';

describe('PeeringDbModule', () => {
  let db: TestDatabase;
  let server: PeeringDbTestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR, apiKey: 'secret-key' });
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('wires the client from PEERINGDB_URL and PEERINGDB_API_KEY and syncs', async () => {
    const config = loadConfig({ PEERINGDB_URL: server.url, PEERINGDB_API_KEY: 'secret-key' }, '/tmp');
    @Global()
    @Module({
      providers: [
        { provide: DataSource, useValue: db.dataSource },
        { provide: IXORA_CONFIG, useValue: config },
      ],
      exports: [DataSource, IXORA_CONFIG],
    })
    class Infrastructure {}
    const app = await Test.createTestingModule({ imports: [Infrastructure, PeeringDbModule] }).compile();
    const result = await app.get(PeeringDbSyncService).sync({ types: ['org', 'ix'] });
    expect(result.totals.created).toBe(8);
    expect(server.requests.every((r) => r.headers.authorization === 'Api-Key secret-key')).toBe(true);
    expect(await app.get(PeeringDbSyncService).source('mirror').findNetByAsn(64501)).toBeUndefined();
    expect(app.get(PeeringDbCheckService)).toBeInstanceOf(PeeringDbCheckService);
    await app.close();
  });
});
