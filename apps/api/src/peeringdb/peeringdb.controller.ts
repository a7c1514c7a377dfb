import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { JobQueue, type Actor } from '@ixora/domain';
import { PeeringDbCheckService, PeeringDbOnboardingService, PeeringDbSyncService } from '@ixora/peeringdb';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { toJobResponse } from '../jobs/jobs.mapper.js';
import { jobResponse, type JobResponse } from '../jobs/jobs.schemas.js';
import { toCheckResponse, toOnboardResponse } from './peeringdb.mapper.js';
import {
  asnParams,
  checkQuery,
  checkResponse,
  followBody,
  followResponse,
  onboardBody,
  onboardResponse,
  syncBody,
  type AsnParams,
  type CheckQuery,
  type CheckResponse,
  type FollowBody,
  type FollowResponse,
  type OnboardBody,
  type OnboardResponse,
  type SyncBody,
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
    private readonly jobs: JobQueue,
  ) {}

  @Get('check')
  @ApiOkResponse({ standardSchema: checkResponse })
  async report(@Query({ schema: checkQuery }) q: CheckQuery): Promise<CheckResponse> {
    return toCheckResponse(await this.check.check({ ixpId: q.ixpId }));
  }

  /** Queues a sync (a full one takes minutes): follow it at `GET /api/v1/jobs/{id}`. */
  @Post('sync')
  @HttpCode(202)
  @ApiAcceptedResponse({ standardSchema: jobResponse })
  async run(@CurrentActor() actor: Actor, @Body({ schema: syncBody }) body: SyncBody): Promise<JobResponse> {
    const params = body.full === undefined ? {} : { full: body.full };
    return toJobResponse(await this.jobs.enqueue(actor, 'peeringdb.sync', params));
  }

  @Post('members')
  @ApiCreatedResponse({ standardSchema: onboardResponse })
  async onboard(
    @CurrentActor() actor: Actor,
    @Body({ schema: onboardBody }) body: OnboardBody,
  ): Promise<OnboardResponse> {
    const { asn, ixpId, source, allowBogonAsn, ...overrides } = body;
    return toOnboardResponse(
      await this.onboarding.onboard(actor, this.sync.source(source ?? 'api'), {
        asn,
        ixpId,
        overrides,
        allowBogonAsn,
      }),
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
