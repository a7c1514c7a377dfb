import { z } from 'zod';
import { bigintIdParam } from '../common/id-param.js';
import { pageQuery } from '../common/page.js';

const rs = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/)
  .describe('route server name');

const force = z
  .boolean()
  .optional()
  .describe(
    "deploy even when the route impact guard would stop it (the config newly filters more than the exchange's impactGuardPercent of a member's accepted routes); audited",
  );

/** One long operation to queue; each kind with its own parameters. */
export const createJobBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('irr.refresh'),
    params: z.strictObject({ asn: z.union([z.number(), z.string()]).optional() }).default({}),
  }),
  z.strictObject({
    kind: z.literal('rpki.refresh'),
    params: z
      .strictObject({ location: z.string().min(1).max(2048).optional(), force: z.boolean().optional() })
      .default({}),
  }),
  z.strictObject({
    kind: z.literal('peeringdb.sync'),
    params: z.strictObject({ full: z.boolean().optional() }).default({}),
  }),
  z.strictObject({
    kind: z.literal('config.build'),
    params: z.strictObject({ rs, strict: z.boolean().optional() }),
  }),
  z.strictObject({
    kind: z.literal('config.deploy'),
    params: z.strictObject({ rs, force }),
  }),
  z.strictObject({
    kind: z.literal('config.rollback'),
    params: z.strictObject({
      rs,
      to: z.number().int().positive().describe('the config version to deploy again'),
      force,
    }),
  }),
]);

export const jobIdParams = z.object({ id: bigintIdParam });
export const jobListQuery = pageQuery;

export const jobResponse = z.object({
  id: z.string(),
  kind: z.string(),
  params: z.record(z.string(), z.unknown()),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  progress: z.object({ done: z.number().int(), total: z.number().int().nullable() }),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  queuedBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export type CreateJobBody = z.output<typeof createJobBody>;
export type JobIdParams = z.output<typeof jobIdParams>;
export type JobListQuery = z.output<typeof jobListQuery>;
export type JobResponse = z.output<typeof jobResponse>;
