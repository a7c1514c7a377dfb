/** The events ixora alerts on; members choose among them, webhooks may narrow to some. */
export const ALERT_KINDS = [
  'session_down',
  'max_prefix_hit',
  'max_prefix_warning',
  'routes_filtered',
  'data_stale',
  'build_warnings',
  'deploy_failed',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** What each kind means, for `ixora alert kinds`, the API description and the README. */
export const ALERT_KIND_WORDS: Readonly<Record<AlertKind, string>> = Object.freeze({
  session_down: 'a BGP session went down (and, when it resolves, came back)',
  max_prefix_hit: 'a session reached its max-prefix limit (and was shut by it)',
  max_prefix_warning: 'a session uses 80 % or more of its max-prefix limit',
  routes_filtered: 'routes of a member are newly filtered, with the reason and what to do',
  data_stale: 'IRR, RPKI or PeeringDB data is older than its threshold',
  build_warnings: 'a config build had warnings',
  deploy_failed: 'a config deploy failed and the previous config was restored',
});

/**
 * A condition that holds now: while it holds its alert stays open, when it stops holding the
 * alert resolves. `key` makes it one alert however many polls see it.
 */
export interface AlertCondition {
  readonly kind: AlertKind;
  /** One alert per key while open (unique among open alerts in PostgreSQL). */
  readonly key: string;
  /**
   * What was looked at to find it: an open alert is resolved only when its scope was observed this
   * time and its condition was absent (an unreachable route server resolves nothing).
   */
  readonly scope: string;
  readonly routeServer: string | null;
  /** The member the alert concerns; its NOC contacts get it (if subscribed). */
  readonly asn: number | null;
  /** One line, for the mail subject and lists. */
  readonly title: string;
  /** What happened, in words. */
  readonly text: string;
  /** What to do about it. */
  readonly advice: string;
  /** Said when the condition ends. */
  readonly resolvedText: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A stored alert (open or resolved): its condition, when it opened, and when it resolved. */
export interface AlertRecord extends AlertCondition {
  readonly id: string;
  readonly openedAt: Date;
  readonly resolvedAt: Date | null;
}

/** What a delivery announces: the alert opening, or its resolution. */
export type AlertTransition = 'opened' | 'resolved';

export function isAlertKind(value: unknown): value is AlertKind {
  return typeof value === 'string' && (ALERT_KINDS as readonly string[]).includes(value);
}
