import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { MemberInterfaceService, MemberService, type Actor, type Page } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { apiErrorSchema } from '../common/error.schema.js';
import { toMemberRequestResponse } from '../member-requests/member-request.mapper.js';
import {
  memberRequestResponse,
  type MemberRequestResponse,
} from '../member-requests/member-request.schemas.js';
import { mapPage, pageResponse } from '../common/page.js';
import { toMemberDetailResponse, toMemberInterfaceResponse, toMemberResponse } from './member.mapper.js';
import {
  asnParams,
  memberCreateBody,
  memberDetailResponse,
  memberInterfaceBody,
  memberInterfaceResponse,
  memberQuery,
  memberResponse,
  memberUpdateBody,
  type AsnParams,
  type MemberCreateBody,
  type MemberDetailResponse,
  type MemberInterfaceBody,
  type MemberInterfaceResponse,
  type MemberQuery,
  type MemberResponse,
  type MemberUpdateBody,
} from './member.schemas.js';

/** Members by ASN. A member_admin/member_user sees only its own member; others answer 404. */
@ApiTags('members')
@Authenticated()
@ApiNotFoundResponse({ description: 'no such member, or not yours', standardSchema: apiErrorSchema })
@Controller('members')
export class MembersController {
  constructor(
    private readonly members: MemberService,
    private readonly interfaces: MemberInterfaceService,
  ) {}

  @Get()
  @ApiOkResponse({ standardSchema: pageResponse(memberResponse) })
  async list(
    @CurrentActor() actor: Actor,
    @Query({ schema: memberQuery }) q: MemberQuery,
  ): Promise<Page<MemberResponse>> {
    return mapPage(
      await this.members.list(actor, { limit: q.limit, offset: q.offset }, { status: q.status }),
      toMemberResponse,
    );
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ standardSchema: memberResponse })
  async create(
    @CurrentActor() actor: Actor,
    @Body({ schema: memberCreateBody }) body: MemberCreateBody,
  ): Promise<MemberResponse> {
    return toMemberResponse(await this.members.create(actor, body));
  }

  @Get(':asn')
  @ApiOkResponse({ standardSchema: memberDetailResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param({ schema: asnParams }) p: AsnParams,
  ): Promise<MemberDetailResponse> {
    return toMemberDetailResponse(await this.members.get(actor, p.asn));
  }

  /**
   * Staff change any field. A member_admin changes asSets, maxPrefixV4/V6, peeringPolicy, url and
   * isHiddenFromPublic; a change that widens its filters answers 202 with the request staff decide.
   */
  @Patch(':asn')
  @Roles('admin', 'member_admin')
  @ApiOkResponse({ standardSchema: memberResponse })
  @ApiAcceptedResponse({
    description:
      'the change widens the member filters (a new AS-SET, a higher or cleared max-prefix limit): ' +
      'that part waits for staff as this request; the other fields were applied',
    standardSchema: memberRequestResponse,
  })
  async update(
    @CurrentActor() actor: Actor,
    @Param({ schema: asnParams }) p: AsnParams,
    @Body({ schema: memberUpdateBody }) body: MemberUpdateBody,
    @Res({ passthrough: true }) res: { status(code: number): unknown },
  ): Promise<MemberResponse | MemberRequestResponse> {
    const { member, request } = await this.members.update(actor, p.asn, body);
    if (!request) return toMemberResponse(member);
    res.status(202);
    return toMemberRequestResponse({ request, memberAsn: member.asn, memberName: member.name });
  }

  @Delete(':asn')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @Param({ schema: asnParams }) p: AsnParams): Promise<void> {
    return this.members.remove(actor, p.asn);
  }

  @Post(':asn/interfaces')
  @Roles('admin')
  @ApiCreatedResponse({ standardSchema: memberInterfaceResponse })
  async addInterface(
    @CurrentActor() actor: Actor,
    @Param({ schema: asnParams }) p: AsnParams,
    @Body({ schema: memberInterfaceBody }) body: MemberInterfaceBody,
  ): Promise<MemberInterfaceResponse> {
    return toMemberInterfaceResponse(await this.interfaces.create(actor, p.asn, body));
  }
}
