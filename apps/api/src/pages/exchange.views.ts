import {
  REPORT_DAYS,
  utcDayBefore,
  type ExchangeReport,
  type ExchangeReportEntry,
  type ExchangeReportPoint,
} from '@ixora/exchange-health';

// The view model of `/exchange`: numbers formatted, the chart's geometry computed, words chosen
// here, so the template only prints fields (and the SVG has no style attribute: the CSP forbids it).

/** The chart's drawing area in SVG user units; the stylesheet scales it to the page's width. */
const CHART = { width: 640, height: 240, left: 44, right: 12, top: 12, bottom: 28 } as const;

const SERIES = [
  { key: 'members', label: 'Members', className: 'series-members' },
  { key: 'route_server_participants', label: 'On the route servers', className: 'series-participants' },
  { key: 'participants_with_ipv6', label: 'With IPv6 on the route servers', className: 'series-ipv6' },
] as const satisfies readonly { key: keyof ExchangeReportPoint; label: string; className: string }[];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatPercent(share: number | null): string {
  if (share === null) return '–';
  const value = share * 100;
  return `${value >= 10 || value === 0 ? value.toFixed(0) : value.toFixed(1)} %`;
}

function dayIndex(fromDay: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000);
}

/** The smallest of 1, 2, 5 × 10^n at least `max` (at least 5): the top of the chart's scale. */
export function niceTop(max: number): number {
  if (max <= 5) return 5;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= max) ?? 10 * power;
}

const round = (n: number): string => (Math.round(n * 10) / 10).toString();

function dayLabel(day: string): string {
  const month = MONTHS[Number(day.slice(5, 7)) - 1] ?? '';
  return `${Number(day.slice(8, 10))} ${month}`;
}

/** The 90-day chart of members and route-server participants, as SVG coordinates. */
export function chartView(daily: readonly ExchangeReportPoint[], today: string) {
  const fromDay = utcDayBefore(today, REPORT_DAYS - 1);
  const max = Math.max(0, ...daily.flatMap((p) => SERIES.map((s) => p[s.key])));
  const top = niceTop(max);
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const x = (day: string): number => CHART.left + (plotWidth * dayIndex(fromDay, day)) / (REPORT_DAYS - 1);
  const y = (value: number): number => CHART.top + plotHeight - (plotHeight * value) / top;
  const ticks = [0, ...(Number.isInteger(top / 2) ? [top / 2] : []), top].map((value) => ({
    label: String(value),
    y: round(y(value)),
    labelY: round(y(value) + 4),
  }));
  const series = SERIES.map((s) => {
    const points = daily.map((p) => ({ x: round(x(p.day)), y: round(y(p[s.key])) }));
    const last = points.at(-1);
    return {
      label: s.label,
      className: s.className,
      points: points.map((p) => `${p.x},${p.y}`).join(' '),
      hasLast: last !== undefined,
      lastX: last?.x ?? '0',
      lastY: last?.y ?? '0',
    };
  });
  const first = daily[0];
  const last = daily.at(-1);
  const description =
    first && last
      ? `From ${dayLabel(first.day)} to ${dayLabel(last.day)}: members ${first.members} to ${last.members}, on the route servers ${first.route_server_participants} to ${last.route_server_participants}, with IPv6 ${first.participants_with_ipv6} to ${last.participants_with_ipv6}.`
      : 'No figures yet.';
  return {
    width: CHART.width,
    height: CHART.height,
    viewBox: `0 0 ${CHART.width} ${CHART.height}`,
    plotLeft: CHART.left,
    plotRight: CHART.width - CHART.right,
    ticks,
    axisLabels: [
      { text: dayLabel(fromDay), x: CHART.left, anchor: 'start' },
      { text: dayLabel(today), x: CHART.width - CHART.right, anchor: 'end' },
    ].map((label) => ({ ...label, y: CHART.height - 8 })),
    series,
    description,
  };
}

/** A stacked bar of shares 0..1 (RPKI states): rectangles in a 100-unit-wide SVG. */
function barView(
  parts: readonly { label: string; className: string; count: number; share: number | null }[],
) {
  let offset = 0;
  return parts.map((part) => {
    const width = (part.share ?? 0) * 100;
    const rect = { ...part, x: round(offset), width: round(width), percent: formatPercent(part.share) };
    offset += width;
    return rect;
  });
}

const STATUS_WORDS = { met: 'met', not_met: 'not met', unknown: 'not known' } as const;

function monthLabel(day: string): string {
  return `${MONTHS[Number(day.slice(5, 7)) - 1] ?? ''} ${day.slice(0, 4)}`;
}

export function exchangeEntryView(entry: ExchangeReportEntry, today: string, index: number) {
  const latest = entry.latest;
  const f = latest?.figures;
  const shares = latest?.shares;
  return {
    id: `exchange-${index + 1}`,
    title: entry.name ?? entry.shortname,
    shortname: entry.shortname,
    hasName: entry.name !== null && entry.name !== entry.shortname,
    url: entry.url && /^https?:\/\//i.test(entry.url) ? entry.url : '',
    hasFigures: latest !== null,
    day: latest?.day ?? '',
    computedAt: latest ? latest.computed_at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '',
    members: f?.members ?? 0,
    participants: f?.route_server_participants ?? 0,
    participantsShare: formatPercent(f && f.members > 0 ? f.route_server_participants / f.members : null),
    withIpv6: f?.participants_with_ipv6 ?? 0,
    ipv6Share: formatPercent(shares?.members_with_ipv6 ?? null),
    routesReceived: f?.routes_received ?? 0,
    routeServers: f?.route_servers ?? 0,
    routeServersRead: f?.route_servers_read ?? 0,
    isPartial: f !== undefined && f.route_servers_read < f.route_servers,
    irrCovered: f?.irr_covered ?? 0,
    irrShare: formatPercent(shares?.irr_covered ?? null),
    irrBar: barView([
      {
        label: 'covered',
        className: 'irr-covered',
        count: f?.irr_covered ?? 0,
        share: shares?.irr_covered ?? null,
      },
    ]),
    rpki: barView([
      {
        label: 'valid',
        className: 'rpki-valid',
        count: f?.rpki_valid ?? 0,
        share: shares?.rpki_valid ?? null,
      },
      {
        label: 'unknown',
        className: 'rpki-unknown',
        count: f?.rpki_unknown ?? 0,
        share: shares?.rpki_unknown ?? null,
      },
      {
        label: 'invalid',
        className: 'rpki-invalid',
        count: f?.rpki_invalid ?? 0,
        share: shares?.rpki_invalid ?? null,
      },
    ]),
    hasRoutes: (f?.routes_received ?? 0) > 0,
    manrs: (latest?.manrs ?? []).map((action) => ({
      number: action.action,
      title: action.title,
      status: STATUS_WORDS[action.status],
      className: `manrs-${action.status.replace('_', '-')}`,
      why: action.why,
    })),
    manrsMet: (latest?.manrs ?? []).filter((action) => action.status === 'met').length,
    chart: chartView(entry.daily, today),
    hasMonthly: entry.monthly.length > 0,
    monthly: [...entry.monthly].reverse().map((p) => ({
      month: monthLabel(p.day),
      day: p.day,
      members: p.members,
      participants: p.route_server_participants,
      withIpv6: p.participants_with_ipv6,
      rpkiValid: formatPercent(p.routes_received > 0 ? p.rpki_valid / p.routes_received : null),
      irrCovered: formatPercent(p.routes_received > 0 ? p.irr_covered / p.routes_received : null),
    })),
  };
}

export function exchangePageView(report: ExchangeReport) {
  return {
    today: report.today,
    hasExchanges: report.exchanges.length > 0,
    exchanges: report.exchanges.map((entry, i) => exchangeEntryView(entry, report.today, i)),
  };
}
