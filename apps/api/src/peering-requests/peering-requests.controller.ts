import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { PeeringRequestService, type Actor, type Page } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { apiErrorSchema } from '../common/error.schema.js';
import { mapPage, pageResponse } from '../common/page.js';
import { toBilateralPeerResponse, toPeeringRequestResponse } from './peering-request.mapper.js';
import { PeeringRequestNotifier } from './peering-request.notifier.js';
import {
  bilateralPeerBody,
  bilateralPeerParams,
  bilateralPeerResponse,
  memberAsnParams,
  peeringRequestAnswerBody,
  peeringRequestCreateBody,
  peeringRequestParams,
  peeringRequestQuery,
  peeringRequestResponse,
  type BilateralPeerBody,
  type BilateralPeerParams,
  type BilateralPeerResponse,
  type MemberAsnParams,
  type PeeringRequestAnswerBody,
  type PeeringRequestCreateBody,
  type PeeringRequestParams,
  type PeeringRequestQuery,
  type PeeringRequestResponse,
} from './peering-request.schemas.js';

/**
 * Bilateral peering between members: requests a member sends and receives, their answers, and
 * the member's record of its bilateral peers. A member's users act only for their own member
 * (another member's path or request answers 404); member_admin acts, member_user reads.
 */
@ApiTags('peering-requests')
@Authenticated()
@ApiNotFoundResponse({
  description: 'no such member or request, or not yours',
  standardSchema: apiErrorSchema,
})
@Controller('members/:asn')
export class PeeringRequestsController {
  constructor(
    private readonly requests: PeeringRequestService,
    private readonly notifier: PeeringRequestNotifier,
  ) {}

  @Get('peering-requests')
  @ApiOkResponse({ standardSchema: pageResponse(peeringRequestResponse) })
  async list(
    @CurrentActor() actor: Actor,
    @Param({ schema: memberAsnParams }) p: MemberAsnParams,
    @Query({ schema: peeringRequestQuery }) q: PeeringRequestQuery,
  ): Promise<Page<PeeringRequestResponse>> {
    const page = await this.requests.list(
      actor,
      p.asn,
      { limit: q.limit, offset: q.offset },
      { direction: q.direction, state: q.state },
    );
    return mapPage(page, toPeeringRequestResponse);
  }

  /** Sends a request; the asked member's member_admins get a mail. */
  @Post('peering-requests')
  @Roles('admin', 'member_admin')
  @ApiCreatedResponse({ standardSchema: peeringRequestResponse })
  @ApiConflictResponse({
    description: 'a request between the two members is open, or they already peer',
    standardSchema: apiErrorSchema,
  })
  @ApiTooManyRequestsResponse({
    description: 'too many requests today, or the peer declined recently',
    standardSchema: apiErrorSchema,
  })
  async create(
    @CurrentActor() actor: Actor,
    @Param({ schema: memberAsnParams }) p: MemberAsnParams,
    @Body({ schema: peeringRequestCreateBody }) body: PeeringRequestCreateBody,
  ): Promise<PeeringRequestResponse> {
    const change = await this.requests.send(actor, p.asn, body);
    await this.notifier.requested(change);
    return toPeeringRequestResponse(change.view);
  }

  @Get('peering-requests/:id')
  @ApiOkResponse({ standardSchema: peeringRequestResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param({ schema: peeringRequestParams }) p: PeeringRequestParams,
  ): Promise<PeeringRequestResponse> {
    return toPeeringRequestResponse(await this.requests.get(actor, p.asn, p.id));
  }

  /** The asked member accepts: both are recorded as bilateral peers. */
  @Post('peering-requests/:id/accept')
  @Roles('admin', 'member_admin')
  @HttpCode(200)
  @ApiOkResponse({ standardSchema: peeringRequestResponse })
  @ApiConflictResponse({ description: 'the request is no longer pending', standardSchema: apiErrorSchema })
  async accept(
    @CurrentActor() actor: Actor,
    @Param({ schema: peeringRequestParams }) p: PeeringRequestParams,
    @Body({ schema: peeringRequestAnswerBody }) body: PeeringRequestAnswerBody,
  ): Promise<PeeringRequestResponse> {
    const change = await this.requests.accept(actor, p.asn, p.id, body.reply);
    await this.notifier.answered(change);
    return toPeeringRequestResponse(change.view);
  }

  @Post('peering-requests/:id/decline')
  @Roles('admin', 'member_admin')
  @HttpCode(200)
  @ApiOkResponse({ standardSchema: peeringRequestResponse })
  @ApiConflictResponse({ description: 'the request is no longer pending', standardSchema: apiErrorSchema })
  async decline(
    @CurrentActor() actor: Actor,
    @Param({ schema: peeringRequestParams }) p: PeeringRequestParams,
    @Body({ schema: peeringRequestAnswerBody }) body: PeeringRequestAnswerBody,
  ): Promise<PeeringRequestResponse> {
    const change = await this.requests.decline(actor, p.asn, p.id, body.reply);
    await this.notifier.answered(change);
    return toPeeringRequestResponse(change.view);
  }

  /** The requesting member takes its pending request back. */
  @Post('peering-requests/:id/withdraw')
  @Roles('admin', 'member_admin')
  @HttpCode(200)
  @ApiOkResponse({ standardSchema: peeringRequestResponse })
  @ApiConflictResponse({ description: 'the request is no longer pending', standardSchema: apiErrorSchema })
  async withdraw(
    @CurrentActor() actor: Actor,
    @Param({ schema: peeringRequestParams }) p: PeeringRequestParams,
  ): Promise<PeeringRequestResponse> {
    const change = await this.requests.withdraw(actor, p.asn, p.id);
    await this.notifier.answered(change);
    return toPeeringRequestResponse(change.view);
  }

  @Get('bilateral-peers')
  @ApiOkResponse({ standardSchema: bilateralPeerResponse.array() })
  async peers(
    @CurrentActor() actor: Actor,
    @Param({ schema: memberAsnParams }) p: MemberAsnParams,
  ): Promise<BilateralPeerResponse[]> {
    return (await this.requests.peers(actor, p.asn)).map(toBilateralPeerResponse);
  }

  /** Records an existing bilateral session by hand (for this member's view only). */
  @Post('bilateral-peers')
  @Roles('admin', 'member_admin')
  @ApiCreatedResponse({ standardSchema: bilateralPeerResponse })
  @ApiConflictResponse({ description: 'already recorded', standardSchema: apiErrorSchema })
  async record(
    @CurrentActor() actor: Actor,
    @Param({ schema: memberAsnParams }) p: MemberAsnParams,
    @Body({ schema: bilateralPeerBody }) body: BilateralPeerBody,
  ): Promise<BilateralPeerResponse> {
    const record = await this.requests.recordPeer(actor, p.asn, body);
    const peer = (await this.requests.peers(actor, p.asn)).find((x) => x.record.id === record.id)!;
    return toBilateralPeerResponse(peer);
  }

  @Delete('bilateral-peers/:peerAsn')
  @Roles('admin', 'member_admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  async removePeer(
    @CurrentActor() actor: Actor,
    @Param({ schema: bilateralPeerParams }) p: BilateralPeerParams,
  ): Promise<void> {
    await this.requests.removePeer(actor, p.asn, p.peerAsn);
  }
}
