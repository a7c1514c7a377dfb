import { loadConfig } from './ixora.config.js';

describe('loadConfig', () => {
  it('applies the DESIGN §6 defaults', () => {
    const config = loadConfig({}, '/srv/ixora');
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.embeddedDataDir).toBe('/srv/ixora/data');
    expect(config.peeringdbUrl).toBe('https://www.peeringdb.com/api');
    expect(config.irrHost).toBe('rr.ntt.net');
    expect(config.irrPort).toBe(43);
    expect(config.rpkiMode).toBe('static');
    expect(config.birdBinary).toBe('bird');
    expect(config.birdConfigDir).toBe('/srv/ixora/data/bird');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses IRR_HOST with an IPv6 literal and IRR_SOURCES', () => {
    const config = loadConfig({ IRR_HOST: '[::1]:4343', IRR_SOURCES: 'RIPE,ARIN' }, '/');
    expect(config.irrHost).toBe('::1');
    expect(config.irrPort).toBe(4343);
    expect(config.irrSources).toEqual(['RIPE', 'ARIN']);
  });

  it('names the variable and the value when one is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' }, '/')).toThrow(/PORT="eighty"/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' }, '/')).toThrow(/DATABASE_URL="mysql:\/\/x"/);
    expect(() => loadConfig({ RPKI_MODE: 'magic' }, '/')).toThrow(/RPKI_MODE="magic"/);
  });

  it('reads the VRP locations staff allow as a comma list of absolute paths and http(s) URLs', () => {
    expect(
      loadConfig(
        { RPKI_VRP_LOCATIONS: '/var/lib/rpki-client/json, https://rpki.ix.example.net/vrps.json' },
        '/',
      ).rpkiVrpLocations,
    ).toEqual(['/var/lib/rpki-client/json', 'https://rpki.ix.example.net/vrps.json']);
    expect(loadConfig({}, '/').rpkiVrpLocations).toEqual([]);
    expect(() => loadConfig({ RPKI_VRP_LOCATIONS: 'vrps.json' }, '/')).toThrow(
      /RPKI_VRP_LOCATIONS="vrps.json"/,
    );
    expect(() => loadConfig({ RPKI_VRP_LOCATIONS: 'ftp://x/y' }, '/')).toThrow(/RPKI_VRP_LOCATIONS/);
  });

  it('schedules no refresh unless asked, and names a bad interval', () => {
    expect(loadConfig({}, '/').scheduleMinutes).toEqual({ irr: 0, rpki: 0, peeringdb: 0 });
    expect(loadConfig({ SCHEDULE_IRR_MINUTES: '360' }, '/').scheduleMinutes.irr).toBe(360);
    expect(() => loadConfig({ SCHEDULE_RPKI_MINUTES: '-5' }, '/')).toThrow(/SCHEDULE_RPKI_MINUTES="-5"/);
  });

  it('reads TRUST_PROXY as a hop count or proxy addresses, and refuses to trust everyone', () => {
    expect(loadConfig({}, '/').trustProxy).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: '0' }, '/').trustProxy).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: '1' }, '/').trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 192.0.2.10, 2001:db8::/64' }, '/').trustProxy).toEqual([
      'loopback',
      '192.0.2.10',
      '2001:db8::/64',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' }, '/')).toThrow(/TRUST_PROXY="true": .*every client/);
    expect(() => loadConfig({ TRUST_PROXY: '::/0' }, '/')).toThrow(/TRUST_PROXY="::\/0": .*every client/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example.net' }, '/')).toThrow(
      /TRUST_PROXY="proxy.example.net": "proxy.example.net" is not an address/,
    );
    expect(() => loadConfig({ TRUST_PROXY: '99' }, '/')).toThrow(/TRUST_PROXY="99"/);
  });

  it('requires RPKI_RTR_HOST in rtr mode', () => {
    expect(() => loadConfig({ RPKI_MODE: 'rtr' }, '/')).toThrow(/RPKI_RTR_HOST/);
    expect(loadConfig({ RPKI_MODE: 'rtr', RPKI_RTR_HOST: '127.0.0.1:3323' }, '/').rpkiRtrHost).toBe(
      '127.0.0.1:3323',
    );
  });

  it('reads the looking-glass and agent settings', () => {
    const defaults = loadConfig({}, '/');
    expect([defaults.lgCacheSeconds, defaults.lgRefreshSeconds, defaults.lgRateLimitPerMinute]).toEqual([
      15, 60, 120,
    ]);
    const config = loadConfig(
      { LG_RATE_LIMIT_PER_MINUTE: '0', AGENT_TOKENS: 'rs1=0123456789abcdef,rs-2=fedcba9876543210' },
      '/',
    );
    expect(config.lgRateLimitPerMinute).toBe(0);
    expect([...config.agentTokens]).toEqual([
      ['rs1', '0123456789abcdef'],
      ['rs-2', 'fedcba9876543210'],
    ]);
    expect(() => loadConfig({ AGENT_TOKENS: 'rs1=short' }, '/')).toThrow(/AGENT_TOKENS/);
    expect(() => loadConfig({ AGENT_TOKEN: 'short' }, '/')).toThrow(/AGENT_TOKEN/);
  });

  it('reads METRICS_TOKEN and refuses a short one, naming it', () => {
    expect(loadConfig({}, '/').metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'scrape-0123456789abcdef' }, '/').metricsToken).toBe(
      'scrape-0123456789abcdef',
    );
    expect(() => loadConfig({ METRICS_TOKEN: 'short' }, '/')).toThrow(/METRICS_TOKEN/);
  });

  it('reads LOG_FORMAT: text by default, json, and nothing else', () => {
    expect(loadConfig({}, '/').logFormat).toBe('text');
    expect(loadConfig({ LOG_FORMAT: 'json' }, '/').logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' }, '/')).toThrow(/LOG_FORMAT/);
  });

  it('reads the sign-in and mail settings, with defaults, and names a bad one', () => {
    const defaults = loadConfig({ PORT: '8080' }, '/');
    expect(defaults.webSignIn).toBe(false);
    expect(defaults.sessionIdleMinutes).toBe(30);
    expect(defaults.sessionAbsoluteHours).toBe(12);
    expect(defaults.smtpUrl).toBeUndefined();
    expect(defaults.mailFrom).toBe('ixora <ixora@localhost>');
    expect(defaults.publicUrl).toBe('http://localhost:8080');
    const set = loadConfig(
      {
        WEB_SIGN_IN: 'true',
        SESSION_SECRET: 'x'.repeat(32),
        SESSION_IDLE_MINUTES: '15',
        SESSION_ABSOLUTE_HOURS: '8',
        SMTP_URL: 'smtps://relay:secret@mail.ix.example.net:465',
        MAIL_FROM: 'IX Example <noc@ix.example.net>',
        PUBLIC_URL: 'https://portal.ix.example.net/',
      },
      '/',
    );
    expect(set).toMatchObject({
      webSignIn: true,
      sessionIdleMinutes: 15,
      sessionAbsoluteHours: 8,
      smtpUrl: 'smtps://relay:secret@mail.ix.example.net:465',
      mailFrom: 'IX Example <noc@ix.example.net>',
      publicUrl: 'https://portal.ix.example.net',
    });
    expect(() => loadConfig({ SESSION_SECRET: 'x'.repeat(31) }, '/')).toThrow(/SESSION_SECRET=.*at least 32/);
    expect(() => loadConfig({ WEB_SIGN_IN: 'yes please' }, '/')).toThrow(/WEB_SIGN_IN="yes please"/);
    expect(() => loadConfig({ SMTP_URL: 'mail.example.net' }, '/')).toThrow(/SMTP_URL="mail.example.net"/);
    expect(() => loadConfig({ PUBLIC_URL: 'portal.example.net' }, '/')).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' }, '/')).toThrow(/SESSION_IDLE_MINUTES="0"/);
  });
});
