import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { PortService, type Actor } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { apiErrorSchema } from '../common/error.schema.js';
import { toPortResponse } from './port.mapper.js';
import {
  portCreateBody,
  portMoveBody,
  portParams,
  portQuery,
  portResponse,
  portUpdateBody,
  removalQuery,
  type PortCreateBody,
  type PortMoveBody,
  type PortParams,
  type PortQuery,
  type PortResponse,
  type PortUpdateBody,
  type RemovalQuery,
} from './port.schemas.js';

/** Members' ports (physical or LAG). Staff change them; a member reads its own (others answer 404). */
@ApiTags('ports')
@Authenticated()
@ApiNotFoundResponse({ description: 'no such port, or not yours', standardSchema: apiErrorSchema })
@Controller('ports')
export class PortsController {
  constructor(private readonly ports: PortService) {}

  @Get()
  @ApiOkResponse({ standardSchema: portResponse.array() })
  async list(
    @CurrentActor() actor: Actor,
    @Query({ schema: portQuery }) q: PortQuery,
  ): Promise<PortResponse[]> {
    return (await this.ports.list(actor, q)).map(toPortResponse);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ standardSchema: portResponse })
  async create(
    @CurrentActor() actor: Actor,
    @Body({ schema: portCreateBody }) body: PortCreateBody,
  ): Promise<PortResponse> {
    return toPortResponse(await this.ports.create(actor, body));
  }

  @Get(':id')
  @ApiOkResponse({ standardSchema: portResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param({ schema: portParams }) p: PortParams,
  ): Promise<PortResponse> {
    return toPortResponse(await this.ports.get(actor, p.id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ standardSchema: portResponse })
  async update(
    @CurrentActor() actor: Actor,
    @Param({ schema: portParams }) p: PortParams,
    @Body({ schema: portUpdateBody }) body: PortUpdateBody,
  ): Promise<PortResponse> {
    return toPortResponse(await this.ports.update(actor, p.id, body));
  }

  /** Another switch and/or port name; the port's interfaces and sessions go with it. */
  @Post(':id/move')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ standardSchema: portResponse })
  async move(
    @CurrentActor() actor: Actor,
    @Param({ schema: portParams }) p: PortParams,
    @Body({ schema: portMoveBody }) body: PortMoveBody,
  ): Promise<PortResponse> {
    return toPortResponse(await this.ports.move(actor, p.id, body));
  }

  /** Removes the port and the member interfaces over it. */
  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({
    description: 'an interface over the port has enabled route-server sessions (see removeSessions)',
    standardSchema: apiErrorSchema,
  })
  remove(
    @CurrentActor() actor: Actor,
    @Param({ schema: portParams }) p: PortParams,
    @Query({ schema: removalQuery }) q: RemovalQuery,
  ): Promise<void> {
    return this.ports.remove(actor, p.id, { removeSessions: q.removeSessions === 'true' });
  }
}
