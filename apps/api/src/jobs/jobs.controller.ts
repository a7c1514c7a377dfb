import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { JobQueue, type Actor, type Page } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { mapPage, pageResponse } from '../common/page.js';
import { toJobResponse } from './jobs.mapper.js';
import {
  createJobBody,
  jobIdParams,
  jobListQuery,
  jobResponse,
  type CreateJobBody,
  type JobIdParams,
  type JobListQuery,
  type JobResponse,
} from './jobs.schemas.js';

/** Long operations (IRR refresh, RPKI load, PeeringDB sync, config build and deploy) as jobs with a status. */
@ApiTags('jobs')
@Authenticated()
@Roles('admin')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobQueue) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ standardSchema: jobResponse })
  async create(
    @CurrentActor() actor: Actor,
    @Body({ schema: createJobBody }) body: CreateJobBody,
  ): Promise<JobResponse> {
    return toJobResponse(await this.jobs.enqueue(actor, body.kind, body.params));
  }

  @Get()
  @ApiOkResponse({ standardSchema: pageResponse(jobResponse) })
  async list(
    @CurrentActor() actor: Actor,
    @Query({ schema: jobListQuery }) q: JobListQuery,
  ): Promise<Page<JobResponse>> {
    return mapPage(await this.jobs.list(actor, q), toJobResponse);
  }

  @Get(':id')
  @ApiOkResponse({ standardSchema: jobResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param({ schema: jobIdParams }) p: JobIdParams,
  ): Promise<JobResponse> {
    return toJobResponse(await this.jobs.get(actor, p.id));
  }
}
