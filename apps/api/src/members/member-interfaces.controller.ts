import { Body, Controller, Delete, HttpCode, Param, Patch } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MemberService, type Actor } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { toMemberInterfaceResponse } from './member.mapper.js';
import {
  idParams,
  memberInterfaceBody,
  memberInterfaceResponse,
  type IdParams,
  type MemberInterfaceBody,
  type MemberInterfaceResponse,
} from './member.schemas.js';

@ApiTags('members')
@Authenticated()
@Roles('admin')
@Controller('member-interfaces')
export class MemberInterfacesController {
  constructor(private readonly members: MemberService) {}

  @Patch(':id')
  @ApiOkResponse({ standardSchema: memberInterfaceResponse })
  async update(
    @CurrentActor() actor: Actor,
    @Param({ schema: idParams }) p: IdParams,
    @Body({ schema: memberInterfaceBody }) body: MemberInterfaceBody,
  ): Promise<MemberInterfaceResponse> {
    return toMemberInterfaceResponse(await this.members.updateInterface(actor, p.id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @Param({ schema: idParams }) p: IdParams): Promise<void> {
    return this.members.removeInterface(actor, p.id);
  }
}
