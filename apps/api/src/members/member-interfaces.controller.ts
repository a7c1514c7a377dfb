import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { MemberInterfaceService, type Actor } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { apiErrorSchema } from '../common/error.schema.js';
import { toMemberInterfaceViewResponse } from '../ports/port.mapper.js';
import {
  memberInterfaceQuery,
  memberInterfaceViewResponse,
  removalQuery,
  type MemberInterfaceQuery,
  type MemberInterfaceViewResponse,
  type RemovalQuery,
} from '../ports/port.schemas.js';
import { toMemberInterfaceResponse } from './member.mapper.js';
import {
  idParams,
  memberInterfaceBody,
  memberInterfaceResponse,
  type IdParams,
  type MemberInterfaceBody,
  type MemberInterfaceResponse,
} from './member.schemas.js';

/** Members' addresses on the peering LANs. Staff change them; a member reads its own (others answer 404). */
@ApiTags('members')
@Authenticated()
@ApiNotFoundResponse({ description: 'no such interface, or not yours', standardSchema: apiErrorSchema })
@Controller('member-interfaces')
export class MemberInterfacesController {
  constructor(private readonly interfaces: MemberInterfaceService) {}

  @Get()
  @ApiOkResponse({ standardSchema: memberInterfaceViewResponse.array() })
  async list(
    @CurrentActor() actor: Actor,
    @Query({ schema: memberInterfaceQuery }) q: MemberInterfaceQuery,
  ): Promise<MemberInterfaceViewResponse[]> {
    return (await this.interfaces.list(actor, q)).map(toMemberInterfaceViewResponse);
  }

  @Get(':id')
  @ApiOkResponse({ standardSchema: memberInterfaceViewResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param({ schema: idParams }) p: IdParams,
  ): Promise<MemberInterfaceViewResponse> {
    return toMemberInterfaceViewResponse(await this.interfaces.get(actor, p.id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ standardSchema: memberInterfaceResponse })
  async update(
    @CurrentActor() actor: Actor,
    @Param({ schema: idParams }) p: IdParams,
    @Body({ schema: memberInterfaceBody }) body: MemberInterfaceBody,
  ): Promise<MemberInterfaceResponse> {
    return toMemberInterfaceResponse(await this.interfaces.update(actor, p.id, body));
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({
    description: 'the interface has enabled route-server sessions (see removeSessions)',
    standardSchema: apiErrorSchema,
  })
  remove(
    @CurrentActor() actor: Actor,
    @Param({ schema: idParams }) p: IdParams,
    @Query({ schema: removalQuery }) q: RemovalQuery,
  ): Promise<void> {
    return this.interfaces.remove(actor, p.id, { removeSessions: q.removeSessions === 'true' });
  }
}
