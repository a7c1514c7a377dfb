import { z } from 'zod';
import { pageQuery } from '../common/page.js';

export const auditQuery = pageQuery.extend({
  entityType: z.string().optional().describe('e.g. member, member_interface, route_server_session, user'),
  entityId: z.string().optional(),
  action: z.string().optional().describe('e.g. member.update, session.disable'),
});

export const auditRecordResponse = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string().describe('user:<email>, token:<name>(<email>) or cli:<unix user>'),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

export type AuditQuery = z.output<typeof auditQuery>;
export type AuditRecordResponse = z.output<typeof auditRecordResponse>;
