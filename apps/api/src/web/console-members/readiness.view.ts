import type { MemberReadinessReport, ReadinessCheck, ReadinessSeverity } from '@ixora/readiness';

const CHECK_LABELS: Record<ReadinessCheck, string> = {
  peeringdb: 'PeeringDB',
  irr: 'IRR',
  rpki: 'RPKI',
  max_prefix: 'Max-prefix',
  route_servers: 'Route servers',
};

const SEVERITY_LABELS: Record<ReadinessSeverity, string> = { ok: 'OK', warning: 'Warning', error: 'Error' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A readiness report as the pages print it: every value a string or number, decisions made here. */
export function readinessView(report: MemberReadinessReport) {
  const { error, warning, ok } = report.counts;
  return {
    summary: `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${ok} ok`,
    phase:
      report.phase === 'after_turn_up'
        ? 'after turn-up: what the route servers do with its routes now'
        : 'before turn-up: what would happen',
    severityClass: `sev-${report.severity}`,
    severityLabel: SEVERITY_LABELS[report.severity],
    findings: report.findings.map((f) => ({
      severityClass: `sev-${f.severity}`,
      severityLabel: SEVERITY_LABELS[f.severity],
      checkLabel: CHECK_LABELS[f.check],
      code: f.code,
      message: f.message,
      action: f.action ?? '',
      hasAction: f.action !== null,
      items: [...f.items],
      hasItems: f.items.length > 0,
      more: f.itemCount > f.items.length ? String(f.itemCount - f.items.length) : '',
    })),
  };
}
