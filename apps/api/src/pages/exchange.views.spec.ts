import type { ExchangeReportPoint } from '@ixora/exchange-health';
import { chartView, formatPercent, niceTop } from './exchange.views.js';

const point = (day: string, members: number): ExchangeReportPoint => ({
  day,
  members,
  route_server_participants: members - 2,
  participants_with_ipv6: 1,
  routes_received: 0,
  rpki_valid: 0,
  rpki_unknown: 0,
  rpki_invalid: 0,
  irr_covered: 0,
});

describe('the /exchange view', () => {
  it('rounds the chart scale up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 3, 6, 11, 20, 21, 140, 999, 2500].map(niceTop)).toEqual([
      5, 5, 10, 20, 20, 50, 200, 1000, 5000,
    ]);
  });

  it('writes shares as percent, small ones with a decimal, none as a dash', () => {
    expect([0, 0.004, 0.456, 1, null].map(formatPercent)).toEqual(['0 %', '0.4 %', '46 %', '100 %', '–']);
  });

  it('places each day of the 90 at its x, the first day at the left and today at the right', () => {
    const chart = chartView(
      [point('2031-04-04', 10), point('2031-05-01', 15), point('2031-07-02', 20)],
      '2031-07-02',
    );
    const members = chart.series[0]!;
    expect(members.points).toBe('44,112 221.2,62 628,12');
    expect(members).toMatchObject({ hasLast: true, lastX: '628', lastY: '12' });
    expect(chart.ticks.map((t) => t.label)).toEqual(['0', '10', '20']);
    expect(chart.axisLabels.map((l) => l.text)).toEqual(['4 Apr', '2 Jul']);
    expect(chart.description).toBe(
      'From 4 Apr to 2 Jul: members 10 to 20, on the route servers 8 to 18, with IPv6 1 to 1.',
    );
  });

  it('draws nothing without figures and says so', () => {
    const chart = chartView([], '2031-07-02');
    expect(chart.series.every((s) => s.points === '' && !s.hasLast)).toBe(true);
    expect(chart.description).toBe('No figures yet.');
  });
});
