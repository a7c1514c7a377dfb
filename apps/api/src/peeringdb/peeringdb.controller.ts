import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ixora/domain';
import { PeeringDbCheckService, PeeringDbOnboardingService, PeeringDbSyncService } from '@ixora/peeringdb';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { toCheckResponse, toOnboardResponse, toSyncResponse } from './peeringdb.mapper.js';
import {
  asnParams,
  checkQuery,
  checkResponse,
  followBody,
  followResponse,
  onboardBody,
  onboardResponse,
  syncBody,
  syncResponse,
  type AsnParams,
  type CheckQuery,
  type CheckResponse,
  type FollowBody,
  type FollowResponse,
  type OnboardBody,
  type OnboardResponse,
  type SyncBody,
  type SyncResponse,
} from './peeringdb.schemas.js';

@ApiTags('peeringdb')
@Authenticated()
@Roles('admin')
@Controller('peeringdb')
export class PeeringDbController {
  constructor(
    private readonly check: PeeringDbCheckService,
    private readonly sync: PeeringDbSyncService,
    private readonly onboarding: PeeringDbOnboardingService,
  ) {}

  @Get('check')
  @ApiOkResponse({ standardSchema: checkResponse })
  async report(@Query({ schema: checkQuery }) q: CheckQuery): Promise<CheckResponse> {
    return toCheckResponse(await this.check.check({ ixpId: q.ixpId }));
  }

  @Post('sync')
  @ApiOkResponse({ standardSchema: syncResponse })
  async run(@Body({ schema: syncBody }) body: SyncBody): Promise<SyncResponse> {
    return toSyncResponse(await this.sync.sync({ full: body.full }));
  }

  @Post('members')
  @ApiCreatedResponse({ standardSchema: onboardResponse })
  async onboard(
    @CurrentActor() actor: Actor,
    @Body({ schema: onboardBody }) body: OnboardBody,
  ): Promise<OnboardResponse> {
    const { asn, ixpId, source, ...overrides } = body;
    return toOnboardResponse(
      await this.onboarding.onboard(actor, this.sync.source(source ?? 'api'), { asn, ixpId, overrides }),
    );
  }

  @Put('members/:asn/follow')
  @ApiOkResponse({ standardSchema: followResponse })
  async setFollow(
    @CurrentActor() actor: Actor,
    @Param({ schema: asnParams }) p: AsnParams,
    @Body({ schema: followBody }) body: FollowBody,
  ): Promise<FollowResponse> {
    const follow = await this.onboarding.setFollow(actor, p.asn, body.follow);
    return { asn: Number(p.asn.replace(/^AS/i, '')), follow };
  }
}
