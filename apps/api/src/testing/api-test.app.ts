import type { INestApplication } from '@nestjs/common';
import supertest from 'supertest';
import { loadConfig, systemClock, type Clock } from '@ixora/config';
import { cliActor, IxfImporter, RouteServerService, UserService, type UserRole } from '@ixora/domain';
import { buildIxfExport, createTestDatabase, LAB_BOGON_ASN_REASON, type TestDatabase } from '@ixora/testing';
import { createApiApp } from '../create-api-app.js';

export interface TestUser {
  readonly email: string;
  readonly password: string;
  readonly token: string;
}

/**
 * The API on its own migrated test database, seeded with a four-member exchange (AS64496..AS64499
 * on 192.0.2.0/24 and 2001:db8::/64, route server rs1) and users of each role.
 */
export interface ApiTestApp {
  readonly app: INestApplication;
  readonly db: TestDatabase;
  readonly http: ReturnType<typeof supertest>;
  /** admin; member_admin and member_user of AS64496 ("A"); member_user of AS64497 ("B"). */
  readonly users: Record<'admin' | 'adminA' | 'userA' | 'userB', TestUser>;
  addUser(email: string, role: UserRole, memberAsn?: number): Promise<TestUser>;
  close(): Promise<void>;
}

export const MEMBER_A = 64496;
export const MEMBER_B = 64497;

export async function startApiTestApp(
  options: { seed?: boolean; clock?: Clock; env?: Readonly<Record<string, string>> } = {},
): Promise<ApiTestApp> {
  const clock = options.clock ?? systemClock;
  const db = await createTestDatabase();
  const operator = cliActor('test');
  if (options.seed !== false) {
    await new IxfImporter(db.dataSource).import(operator, JSON.stringify(buildIxfExport({ members: 4 })), {
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    await new RouteServerService(db.dataSource).add(operator, {
      name: 'rs1',
      asn: 64510,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
      ipv6Address: '2001:db8::1',
    });
  }
  const userService = new UserService(db.dataSource, clock);
  const addUser = async (email: string, role: UserRole, memberAsn?: number): Promise<TestUser> => {
    const password = `correct horse ${email}`;
    const user = await userService.add(operator, { email, role, memberAsn, password });
    const { token } = await userService.createToken(operator, { name: 'test', userId: user.id });
    return { email, password, token };
  };
  const users =
    options.seed === false
      ? { admin: await addUser('staff@ix.example.net', 'admin') }
      : {
          admin: await addUser('staff@ix.example.net', 'admin'),
          adminA: await addUser('admin@network0.example.net', 'member_admin', MEMBER_A),
          userA: await addUser('noc@network0.example.net', 'member_user', MEMBER_A),
          userB: await addUser('noc@network1.example.net', 'member_user', MEMBER_B),
        };
  const app = await createApiApp(loadConfig({ ...options.env, DATABASE_URL: db.url }), {
    dataSource: db.dataSource,
    logger: false,
    clock,
  });
  return {
    app,
    db,
    http: supertest(app.getHttpServer() as Parameters<typeof supertest>[0]),
    users: users as ApiTestApp['users'],
    addUser,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

export const bearer = (user: TestUser): [string, string] => ['Authorization', `Bearer ${user.token}`];

/** The items of a paginated answer. */
export function itemsOf<T>(res: { body: unknown }): T[] {
  return (res.body as { items: T[] }).items;
}
