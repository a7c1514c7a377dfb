import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { parseAsn, SessionService, type Actor, type Page } from '@ixora/domain';
import { Authenticated, CurrentActor } from '../auth/auth.decorators.js';
import { mapPage, pageResponse } from '../common/page.js';
import { toSessionResponse } from './session.mapper.js';
import {
  sessionIdParams,
  sessionQuery,
  sessionResponse,
  type SessionIdParams,
  type SessionQuery,
  type SessionResponse,
} from './session.schemas.js';

/** Route-server sessions. Members see and switch their own; staff all. */
@ApiTags('sessions')
@Authenticated()
@Controller('sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  @Get()
  @ApiOkResponse({ standardSchema: pageResponse(sessionResponse) })
  async list(
    @CurrentActor() actor: Actor,
    @Query({ schema: sessionQuery }) q: SessionQuery,
  ): Promise<Page<SessionResponse>> {
    const filter = {
      memberAsn: q.memberAsn === undefined ? undefined : parseAsn(q.memberAsn, 'memberAsn'),
      routeServer: q.routeServer,
    };
    return mapPage(
      await this.sessions.list(actor, { limit: q.limit, offset: q.offset }, filter),
      toSessionResponse,
    );
  }

  @Get(':id')
  @ApiOkResponse({ standardSchema: sessionResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param({ schema: sessionIdParams }) p: SessionIdParams,
  ): Promise<SessionResponse> {
    return toSessionResponse(await this.sessions.get(actor, p.id));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ standardSchema: sessionResponse })
  async enable(
    @CurrentActor() actor: Actor,
    @Param({ schema: sessionIdParams }) p: SessionIdParams,
  ): Promise<SessionResponse> {
    return toSessionResponse(await this.sessions.setEnabled(actor, p.id, true));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ standardSchema: sessionResponse })
  async disable(
    @CurrentActor() actor: Actor,
    @Param({ schema: sessionIdParams }) p: SessionIdParams,
  ): Promise<SessionResponse> {
    return toSessionResponse(await this.sessions.setEnabled(actor, p.id, false));
  }
}
