import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ixora/domain';
import { MemberRoutingService, parseMemberRoutesQuery } from '@ixora/member-routing';
import { Authenticated, CurrentActor } from '../auth/auth.decorators.js';
import { apiErrorSchema } from '../common/error.schema.js';
import { toMemberHygieneResponse, toMemberRoutesResponse } from './member-routing.mapper.js';
import {
  memberHygieneResponse,
  memberRoutesQuery,
  memberRoutesResponse,
  type MemberHygieneResponse,
  type MemberRoutesQueryInput,
  type MemberRoutesResponse,
} from './member-routing.schemas.js';
import { asnParams, type AsnParams } from './member.schemas.js';

/**
 * A member's routes on the route servers (filtered ones with the reason and what to do) and its
 * routing hygiene. A member's users read only their own member (any other ASN is 404); staff any.
 */
@ApiTags('members')
@Authenticated()
@ApiNotFoundResponse({ description: 'no such member, or not yours', standardSchema: apiErrorSchema })
@Controller('members')
export class MemberRoutingController {
  constructor(private readonly routing: MemberRoutingService) {}

  @Get(':asn/routes')
  @ApiOkResponse({ standardSchema: memberRoutesResponse })
  async routes(
    @CurrentActor() actor: Actor,
    @Param({ schema: asnParams }) p: AsnParams,
    @Query({ schema: memberRoutesQuery }) q: MemberRoutesQueryInput,
  ): Promise<MemberRoutesResponse> {
    return toMemberRoutesResponse(await this.routing.routes(actor, p.asn, parseMemberRoutesQuery(q)));
  }

  @Get(':asn/hygiene')
  @ApiOkResponse({ standardSchema: memberHygieneResponse })
  async hygiene(
    @CurrentActor() actor: Actor,
    @Param({ schema: asnParams }) p: AsnParams,
  ): Promise<MemberHygieneResponse> {
    return toMemberHygieneResponse(await this.routing.hygiene(actor, p.asn));
  }
}
