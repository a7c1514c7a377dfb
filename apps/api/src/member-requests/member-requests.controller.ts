import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { MemberRequestService, type Actor, type Page } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { apiErrorSchema } from '../common/error.schema.js';
import { mapPage, pageResponse } from '../common/page.js';
import { toMemberRequestResponse } from './member-request.mapper.js';
import {
  memberRequestCreateBody,
  memberRequestDecisionBody,
  memberRequestIdParams,
  memberRequestQuery,
  memberRequestResponse,
  type MemberRequestCreateBody,
  type MemberRequestDecisionBody,
  type MemberRequestIdParams,
  type MemberRequestQuery,
  type MemberRequestResponse,
} from './member-request.schemas.js';

/**
 * Changes that widen a member's filters (AS-SETs, max-prefix limits), waiting for staff. Member
 * users see their own member's requests (another member's answer 404); staff see and decide all.
 */
@ApiTags('member-requests')
@Authenticated()
@ApiNotFoundResponse({ description: 'no such request, or not yours', standardSchema: apiErrorSchema })
@Controller('member-requests')
export class MemberRequestsController {
  constructor(private readonly requests: MemberRequestService) {}

  @Get()
  @ApiOkResponse({ standardSchema: pageResponse(memberRequestResponse) })
  async list(
    @CurrentActor() actor: Actor,
    @Query({ schema: memberRequestQuery }) q: MemberRequestQuery,
  ): Promise<Page<MemberRequestResponse>> {
    const page = await this.requests.list(
      actor,
      { limit: q.limit, offset: q.offset },
      { state: q.state, memberAsn: q.memberAsn },
    );
    return mapPage(page, toMemberRequestResponse);
  }

  /** A member_admin asks for a change of its member's filters or of one session's limit. */
  @Post()
  @Roles('admin', 'member_admin')
  @ApiCreatedResponse({ standardSchema: memberRequestResponse })
  @ApiConflictResponse({
    description: 'a request for the same change is pending',
    standardSchema: apiErrorSchema,
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body({ schema: memberRequestCreateBody }) body: MemberRequestCreateBody,
  ): Promise<MemberRequestResponse> {
    return toMemberRequestResponse(await this.requests.create(actor, body));
  }

  @Get(':id')
  @ApiOkResponse({ standardSchema: memberRequestResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param({ schema: memberRequestIdParams }) p: MemberRequestIdParams,
  ): Promise<MemberRequestResponse> {
    return toMemberRequestResponse(await this.requests.get(actor, p.id));
  }

  @Post(':id/withdraw')
  @Roles('admin', 'member_admin')
  @HttpCode(200)
  @ApiOkResponse({ standardSchema: memberRequestResponse })
  @ApiConflictResponse({ description: 'the request is no longer pending', standardSchema: apiErrorSchema })
  async withdraw(
    @CurrentActor() actor: Actor,
    @Param({ schema: memberRequestIdParams }) p: MemberRequestIdParams,
  ): Promise<MemberRequestResponse> {
    return toMemberRequestResponse(await this.requests.withdraw(actor, p.id));
  }

  /** Applies the proposed values in the same transaction as the decision. */
  @Post(':id/approve')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ standardSchema: memberRequestResponse })
  @ApiConflictResponse({ description: 'the request is no longer pending', standardSchema: apiErrorSchema })
  async approve(
    @CurrentActor() actor: Actor,
    @Param({ schema: memberRequestIdParams }) p: MemberRequestIdParams,
    @Body({ schema: memberRequestDecisionBody }) body: MemberRequestDecisionBody,
  ): Promise<MemberRequestResponse> {
    return toMemberRequestResponse(await this.requests.approve(actor, p.id, body.reason));
  }

  @Post(':id/decline')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ standardSchema: memberRequestResponse })
  @ApiConflictResponse({ description: 'the request is no longer pending', standardSchema: apiErrorSchema })
  async decline(
    @CurrentActor() actor: Actor,
    @Param({ schema: memberRequestIdParams }) p: MemberRequestIdParams,
    @Body({ schema: memberRequestDecisionBody }) body: MemberRequestDecisionBody,
  ): Promise<MemberRequestResponse> {
    return toMemberRequestResponse(await this.requests.decline(actor, p.id, body.reason));
  }
}
