/**
 * @ixora/alerts — alerts that say what to do. The worker's `AlertMonitor` reads each route
 * server's sessions and filtered routes, the data ages and the latest builds and deploys, turns
 * them into conditions (`alert.detector.ts`, pure) and keeps one alert per condition in
 * PostgreSQL (`alert`), open until the condition ends. Each opening and resolution is delivered
 * (`AlertDeliverer`) to staff and to the member's NOC contacts who chose that event: signed
 * webhooks (HMAC-SHA256 over timestamp and body) and e-mail, retried with backoff, logged in
 * `alert_delivery`.
 *
 * ```ts
 * const monitor = new AlertMonitor(dataSource, config);
 * await monitor.poll(); // { opened, resolved, unreachable, deliveriesQueued }
 * await new AlertDeliverer(dataSource, { mailer }).deliverDue();
 * ```
 */
export * from './alert.types.js';
export {
  configConditions,
  CONFIG_SCOPE,
  DATA_SCOPE,
  dataConditions,
  detectAlerts,
  diffConditions,
  MAX_PREFIX_WARNING_RATIO,
  routeServerConditions,
  routeServerScope,
  type AlertChanges,
  type ConfigFacts,
  type DataAges,
  type MemberFacts,
  type StaleThresholds,
} from './alert.detector.js';
export {
  observeFilteredRoute,
  observeRouteServer,
  observeSession,
  type FilteredRouteObservation,
  type RouteServerObservation,
  type SessionObservation,
} from './route-server.observation.js';
export {
  generateWebhookSecret,
  parseWebhookUrl,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from './webhook.signature.js';
export { AlertRepository, type AlertDeliveryRecord } from './alert.repository.js';
export {
  AlertMonitor,
  type AlertMonitorOptions,
  type AlertPollResult,
  type MonitoredRouteServer,
} from './alert.monitor.js';
export {
  AlertDeliverer,
  alertMailText,
  retryDelayMs,
  type AlertDelivererOptions,
  type AlertMailer,
  type AlertWebhookPayload,
} from './alert.deliverer.js';
export {
  AlertSettingsService,
  parseAlertKinds,
  type AlertSubscription,
  type AlertSubscriptionInput,
  type AlertWebhookView,
} from './alert-settings.service.js';
export { AlertsModule } from './alerts.module.js';
export { AlertQueryService, MAX_ALERTS_LISTED, type AlertListOptions } from './alert-query.service.js';
