import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RouteServerService, type Actor, type Page } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { pageOf, pageQuery, pageResponse, type PageQuery } from '../common/page.js';
import { toRouteServerResponse } from './route-server.mapper.js';
import {
  nameParams,
  routeServerBody,
  routeServerCreatedResponse,
  routeServerReachBody,
  routeServerResponse,
  type NameParams,
  type RouteServerBody,
  type RouteServerCreatedResponse,
  type RouteServerReachBody,
  type RouteServerResponse,
} from './route-server.schemas.js';

@ApiTags('route-servers')
@Authenticated()
@Controller('route-servers')
export class RouteServersController {
  constructor(private readonly routeServers: RouteServerService) {}

  @Get()
  @ApiOkResponse({ standardSchema: pageResponse(routeServerResponse) })
  async list(
    @CurrentActor() actor: Actor,
    @Query({ schema: pageQuery }) page: PageQuery,
  ): Promise<Page<RouteServerResponse>> {
    return pageOf(
      (await this.routeServers.list()).map((rs) => toRouteServerResponse(rs, actor)),
      page,
    );
  }

  /** Adds a route server and creates its sessions with the route-server clients of its LAN. */
  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ standardSchema: routeServerCreatedResponse })
  async add(
    @CurrentActor() actor: Actor,
    @Body({ schema: routeServerBody }) body: RouteServerBody,
  ): Promise<RouteServerCreatedResponse> {
    const { routeServer, sessionsCreated } = await this.routeServers.add(actor, body);
    return { ...toRouteServerResponse(routeServer, actor), sessionsCreated };
  }

  @Get(':name')
  @ApiOkResponse({ standardSchema: routeServerResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param({ schema: nameParams }) p: NameParams,
  ): Promise<RouteServerResponse> {
    return toRouteServerResponse(await this.routeServers.getByName(p.name), actor);
  }

  /** Changes how the route server's BIRD is reached (socket, agent, or BIRD_SOCKET). */
  @Patch(':name')
  @Roles('admin')
  @ApiOkResponse({ standardSchema: routeServerResponse })
  async setReach(
    @CurrentActor() actor: Actor,
    @Param({ schema: nameParams }) p: NameParams,
    @Body({ schema: routeServerReachBody }) body: RouteServerReachBody,
  ): Promise<RouteServerResponse> {
    return toRouteServerResponse(await this.routeServers.setReach(actor, p.name, body), actor);
  }
}
