import { z } from 'zod';

/** What the controller receives: the body as sent (a JSON document of type application/json). */
export const ixfDocumentText = z.string({ error: 'must be an IX-F document sent as application/json' });

export const ixfImportQuery = z.strictObject({
  allowBogonAsn: z
    .string()
    .optional()
    .describe(
      'why the bogon ASNs (documentation, private-use, …) of the members this import creates are allowed, as for a lab exchange; without it such a member fails the import',
    ),
});

const counts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  unchanged: z.number().int(),
});

export const ixfImportResponse = z.object({
  ixps: counts,
  peeringLans: counts,
  switches: counts,
  members: counts,
  ports: counts,
  memberInterfaces: counts,
  sessionsCreated: z.number().int(),
  sessionsRemoved: z.number().int(),
});

export const ixfExportResponse = z.looseObject({
  version: z.string(),
  timestamp: z.string(),
  member_list: z.array(z.unknown()),
});

export type IxfImportResponse = z.output<typeof ixfImportResponse>;
export type IxfImportQuery = z.output<typeof ixfImportQuery>;
