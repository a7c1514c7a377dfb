import { z } from 'zod';

export const apiErrorSchema = z.object({
  error: z.object({
    code: z
      .string()
      .describe(
        'invalid_value, unauthorized, forbidden, not_found, conflict, rate_limited, upstream_failed, internal, ...',
      ),
    message: z.string(),
    status: z.number().int(),
    field: z.string().optional().describe('the input field that was wrong'),
    value: z.unknown().optional().describe('the value it had'),
  }),
});
