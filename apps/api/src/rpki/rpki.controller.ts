import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseAsn, type Actor } from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
import { RpkiSnapshotService } from '@ixora/rpki';
import { Authenticated, CurrentActor } from '../auth/auth.decorators.js';

const reportQuery = z.object({ asn: z.string().optional().describe('only this member (AS64500 or 64500)') });
const coverageResponse = z.object({
  asn: z.number().int(),
  name: z.string(),
  valid: z.number().int(),
  invalid: z.number().int(),
  unknown: z.number().int(),
  irrStatus: z.object({ v4: z.string(), v6: z.string() }),
});

/** ROA coverage of members' IRR prefixes; a member's users see their own member's line. */
@ApiTags('rpki')
@Authenticated()
@Controller('rpki')
export class RpkiController {
  constructor(private readonly rpki: RpkiSnapshotService) {}

  @Get('report')
  @ApiOkResponse({ standardSchema: z.array(coverageResponse) })
  async report(
    @CurrentActor() actor: Actor,
    @Query({ schema: reportQuery }) q: z.output<typeof reportQuery>,
  ): Promise<z.output<typeof coverageResponse>[]> {
    const asn = q.asn === undefined ? undefined : parseAsn(q.asn);
    if (actor.role === 'admin') return this.rpki.report(asn);
    const own = await this.rpki.reportForMember(actor.memberId ?? -1);
    if (asn !== undefined && own.every((r) => r.asn !== asn))
      throw new IxoraError('not_found', `member AS${asn} not found`);
    return own;
  }
}
