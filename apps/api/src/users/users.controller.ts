import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UserService, type Actor, type Page } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { pageOf, pageQuery, pageResponse, type PageQuery } from '../common/page.js';
import { toUserResponse } from './user.mapper.js';
import {
  userBody,
  userIdParams,
  userPatchBody,
  userResponse,
  type UserBody,
  type UserIdParams,
  type UserPatchBody,
  type UserResponse,
} from './user.schemas.js';

/** Staff manage all users; a member_admin the users of its own member. */
@ApiTags('users')
@Authenticated()
@Roles('admin', 'member_admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UserService) {}

  @Get()
  @ApiOkResponse({ standardSchema: pageResponse(userResponse) })
  async list(
    @CurrentActor() actor: Actor,
    @Query({ schema: pageQuery }) page: PageQuery,
  ): Promise<Page<UserResponse>> {
    return pageOf((await this.users.list(actor)).map(toUserResponse), page);
  }

  @Post()
  @ApiCreatedResponse({ standardSchema: userResponse })
  async add(@CurrentActor() actor: Actor, @Body({ schema: userBody }) body: UserBody): Promise<UserResponse> {
    return toUserResponse(await this.users.add(actor, body));
  }

  @Patch(':id')
  @ApiOkResponse({ standardSchema: userResponse })
  async update(
    @CurrentActor() actor: Actor,
    @Param({ schema: userIdParams }) p: UserIdParams,
    @Body({ schema: userPatchBody }) body: UserPatchBody,
  ): Promise<UserResponse> {
    return toUserResponse(await this.users.setDisabled(actor, p.id, body.isDisabled));
  }
}
