import { z } from 'zod';
import { idProblem, MAX_BIGINT_ID, MAX_ID } from '@ixora/domain';

function idSchema(max: bigint) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = idProblem(value, max);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(`decimal digits, 1..${max}`);
}

/**
 * The one shape of an id in a path or query (`/sessions/{id}`, `?userId=`): decimal digits only,
 * checked by the domain's id rule, so `0x10`, `4e0`, ` 4 `, `0b100`, `-1`, `1.0` and ids past the
 * column's range answer 400 naming the parameter and the value instead of reaching another row.
 */
export const idParam = idSchema(BigInt(MAX_ID)).transform(Number);

/** An id of a bigint column (jobs), kept as its decimal text. */
export const bigintIdParam = idSchema(MAX_BIGINT_ID);
