import supertest from 'supertest';
import type { TestClock } from '@ixora/testing';
import type { ApiTestApp } from '../../testing/api-test.app.js';
import { csrfOf, enrolmentSecretOf, postLogin, totpAt, type Browser } from '../web.test-helper.js';

/** A staff user's signed-in browser (supertest agent) and its session cookie, for console tests. */
export interface StaffSession {
  readonly browser: Browser;
  /** `ixora_session=…`, to hand to Chromium. */
  readonly cookie: string;
}

const secrets = new WeakMap<ApiTestApp, string>();

/**
 * Signs the test app's admin in as a browser does: the first time it enrols a second factor (staff
 * must), later it gives the code of the next 30-second step (each code is good once).
 */
export async function signInStaff(t: ApiTestApp, clock: TestClock): Promise<StaffSession> {
  const browser = supertest.agent(t.app.getHttpServer() as Parameters<typeof supertest.agent>[0]);
  let cookie = '';
  // The session is renewed at sign-in steps: the last cookie set is the one that counts.
  const keep = <R extends { headers: Record<string, unknown> }>(response: R): R => {
    const set = (response.headers['set-cookie'] as string[] | undefined) ?? [];
    const session = set.find((c) => c.startsWith('ixora_session=') && !c.startsWith('ixora_session=;'));
    if (session) cookie = session.split(';')[0]!;
    return response;
  };
  keep(await postLogin(browser, t.users.admin.email, t.users.admin.password));
  const secret = secrets.get(t);
  if (secret === undefined) {
    const enrol = keep(await browser.get('/account/two-factor').expect(200));
    const fresh = enrolmentSecretOf(enrol.text);
    keep(
      await browser
        .post('/account/two-factor')
        .type('form')
        .send({ _csrf: csrfOf(enrol.text), code: await totpAt(fresh, clock) })
        .expect(200),
    );
    secrets.set(t, fresh);
  } else {
    clock.advance(30_000);
    const form = keep(await browser.get('/login/two-factor'));
    const done = keep(
      await browser
        .post('/login/two-factor')
        .type('form')
        .send({ _csrf: csrfOf(form.text), code: await totpAt(secret, clock) }),
    );
    if (done.headers['location'] !== '/admin')
      throw new Error(`staff sign-in ended at ${String(done.headers['location'])}`);
  }
  keep(await browser.get('/admin').expect(200));
  return { browser, cookie };
}

/** A PeeringDB network (and its connection to the test app's exchange, PeeringDB ix 9999) for the wizard. */
export const HARBOUR_LINK = {
  net: [
    {
      id: 611,
      org_id: 102,
      name: 'Harbour Link',
      aka: '',
      name_long: '',
      website: 'https://harbourlink.example',
      asn: 64505,
      irr_as_set: 'AS-HARBOUR',
      info_type: 'NSP',
      info_prefixes4: 12,
      info_prefixes6: 4,
      info_never_via_route_servers: false,
      policy_general: 'Open',
      policy_url: '',
      created: '2020-01-01T00:00:00Z',
      updated: '2025-06-14T08:15:00Z',
      status: 'ok',
    },
  ],
  netixlan: [
    {
      id: 811,
      net_id: 611,
      ix_id: 9999,
      ixlan_id: 9999,
      asn: 64505,
      ipaddr4: '192.0.2.50',
      ipaddr6: '2001:db8::50',
      speed: 10000,
      is_rs_peer: true,
      operational: true,
      created: '2020-01-01T00:00:00Z',
      updated: '2025-06-14T08:15:00Z',
      status: 'ok',
    },
  ],
};
