import { exchangeReportEntry } from './exchange.report.js';
import type { ExchangeDailySummary } from './exchange-summary.types.js';
import { utcDay, utcDayBefore } from './utc-day.js';

function row(day: string, members: number): ExchangeDailySummary {
  return {
    ixpId: 1,
    day,
    computedAt: new Date(`${day}T03:00:00Z`),
    figures: {
      members,
      routeServerParticipants: members - 1,
      participantsWithIpv6: 2,
      routesReceived: 8,
      rpki: { valid: 6, unknown: 1, invalid: 1 },
      irrCovered: 4,
      routeServers: 1,
      routeServersRead: 1,
    },
    manrs: [],
  };
}

describe('utcDay', () => {
  it('is the UTC day, whatever the local time zone', () => {
    expect(utcDay(new Date('2031-03-01T23:59:59-05:00'))).toBe('2031-03-02');
    expect(utcDayBefore('2031-03-01', 1)).toBe('2031-02-28');
    expect(utcDayBefore('2032-03-01', 1)).toBe('2032-02-29');
  });
});

describe('exchangeReportEntry', () => {
  const ixp = { shortname: 'EX-IX', name: 'Example IX', country: 'DE', url: null };

  it('gives the latest figures with shares, 90 days and the last row of each of 12 months', () => {
    const today = '2031-06-15';
    const rows = Array.from({ length: 400 }, (_, i) => row(utcDayBefore(today, i), 100 - (i % 7)));
    const entry = exchangeReportEntry(ixp, rows, today);
    expect(entry.latest?.day).toBe(today);
    expect(entry.latest?.shares).toEqual({
      members_with_ipv6: 0.02,
      rpki_valid: 0.75,
      rpki_unknown: 0.125,
      rpki_invalid: 0.125,
      irr_covered: 0.5,
    });
    expect(entry.daily).toHaveLength(90);
    expect(entry.daily[0]?.day).toBe(utcDayBefore(today, 89));
    expect(entry.daily.at(-1)?.day).toBe(today);
    expect(entry.monthly.map((p) => p.day)).toEqual([
      '2030-07-31',
      '2030-08-31',
      '2030-09-30',
      '2030-10-31',
      '2030-11-30',
      '2030-12-31',
      '2031-01-31',
      '2031-02-28',
      '2031-03-31',
      '2031-04-30',
      '2031-05-31',
      '2031-06-15',
    ]);
  });

  it('has no latest figures before the first day, and no share without routes', () => {
    expect(exchangeReportEntry(ixp, [], '2031-06-15')).toMatchObject({
      latest: null,
      daily: [],
      monthly: [],
    });
    const empty = {
      ...row('2031-06-15', 0),
      figures: { ...row('2031-06-15', 0).figures, routesReceived: 0 },
    };
    expect(exchangeReportEntry(ixp, [empty], '2031-06-15').latest?.shares).toMatchObject({
      members_with_ipv6: null,
      rpki_valid: null,
      irr_covered: null,
    });
  });
});
