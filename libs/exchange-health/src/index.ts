/**
 * @ixora/exchange-health — the exchange's public health figures, one row per exchange and UTC day
 * in `exchange_daily_summary`: members and route-server participants, the share of members with
 * IPv6 on the route servers, the RPKI states and IRR coverage of the routes the route servers
 * receive (read as the looking glass reads them), and the MANRS-for-IXPs actions ixora can judge.
 * Members hidden from the public count nowhere.
 *
 * ```ts
 * const summaries = new ExchangeSummaryService(dataSource, config, { clock });
 * await summaries.computeAndStore(); // today's rows (upserted)
 * summaries.start();                 // the worker: once a day
 * await summaries.report();          // what /exchange and /api/lg/v1/exchange show
 * ```
 */
export * from './exchange-summary.types.js';
export {
  computeExchangeSummary,
  type ExchangeSummaryInput,
  type ExchangeSummaryResult,
  type SummaryMember,
  type SummaryPrefixSet,
  type SummaryRoute,
  type SummarySession,
} from './exchange-summary.calculator.js';
export { assessManrs, type ManrsFacts } from './manrs.assessment.js';
export { utcDay, utcDayBefore } from './utc-day.js';
export { ExchangeSummaryRepository } from './exchange-summary.repository.js';
export {
  exchangeReportEntry,
  REPORT_DAYS,
  REPORT_MONTHS,
  type ExchangeReport,
  type ExchangeReportEntry,
  type ExchangeReportPoint,
  type ExchangeReportShares,
  type ReportedIxp,
} from './exchange.report.js';
export {
  ExchangeSummaryService,
  type ExchangeSummaryOptions,
  type StoredSummary,
  type SummaryRouteServer,
} from './exchange-summary.service.js';
export { ExchangeHealthModule } from './exchange-health.module.js';
