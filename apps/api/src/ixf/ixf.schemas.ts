import { z } from 'zod';

/** The IX-F Member Export document; the importer checks it against IX-F 1.0 and names the JSON path of a problem. */
export const ixfDocumentBody = z.looseObject({ version: z.string().describe('IX-F schema version, "1.0"') });

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

export type IxfDocumentBody = z.output<typeof ixfDocumentBody>;
export type IxfImportResponse = z.output<typeof ixfImportResponse>;
