import { Body, Controller, Get, Param, Patch, Put, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ImportPolicyService,
  MemberRequestService,
  type Actor,
  type RouteServerSession,
} from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { toMemberRequestResponse } from '../member-requests/member-request.mapper.js';
import {
  memberRequestResponse,
  type MemberRequestResponse,
} from '../member-requests/member-request.schemas.js';
import {
  ixpPolicyParams,
  memberPolicyParams,
  policyPatch,
  policyResponse,
  sessionSettingsParams,
  sessionSettingsPatch,
  sessionSettingsResponse,
  toPolicyResponse,
  type PolicyPatch,
  type PolicyResponse,
  type SessionSettingsPatch,
  type SessionSettingsResponse,
} from './policy.schemas.js';

function toSessionSettings(session: RouteServerSession): SessionSettingsResponse {
  return {
    id: session.id,
    maxPrefix: session.maxPrefix,
    hasMd5Password: session.md5Password !== null,
    isPassive: session.isPassive,
    description: session.description,
    policy: toPolicyResponse(session.policy),
  };
}

/** The import policy (docs/route-server-policy.md): Ixp defaults, member overrides, session overrides and settings. */
@ApiTags('policy')
@Authenticated()
@Controller()
export class PolicyController {
  constructor(
    private readonly policies: ImportPolicyService,
    private readonly requests: MemberRequestService,
  ) {}

  @Get('ixps/:shortname/policy')
  @ApiOkResponse({ standardSchema: policyResponse })
  async ixpDefaults(
    @Param({ schema: ixpPolicyParams }) p: z.output<typeof ixpPolicyParams>,
  ): Promise<PolicyResponse> {
    return toPolicyResponse((await this.policies.ixpDefaults(p.shortname)).policy);
  }

  @Put('ixps/:shortname/policy')
  @Roles('admin')
  @ApiOkResponse({ standardSchema: policyResponse })
  async setIxpDefaults(
    @CurrentActor() actor: Actor,
    @Param({ schema: ixpPolicyParams }) p: z.output<typeof ixpPolicyParams>,
    @Body({ schema: policyPatch }) body: PolicyPatch,
  ): Promise<PolicyResponse> {
    return toPolicyResponse((await this.policies.setIxpDefaults(actor, p.shortname, body)).policy);
  }

  @Get('members/:asn/policy')
  @ApiOkResponse({ standardSchema: policyResponse })
  async memberOverrides(
    @CurrentActor() actor: Actor,
    @Param({ schema: memberPolicyParams }) p: z.output<typeof memberPolicyParams>,
  ): Promise<PolicyResponse> {
    return toPolicyResponse((await this.policies.memberOverrides(actor, p.asn)).policy);
  }

  @Put('members/:asn/policy')
  @Roles('admin')
  @ApiOkResponse({ standardSchema: policyResponse })
  async setMemberOverrides(
    @CurrentActor() actor: Actor,
    @Param({ schema: memberPolicyParams }) p: z.output<typeof memberPolicyParams>,
    @Body({ schema: policyPatch }) body: PolicyPatch,
  ): Promise<PolicyResponse> {
    return toPolicyResponse((await this.policies.setMemberOverrides(actor, p.asn, body)).policy);
  }

  @Get('sessions/:id/settings')
  @ApiOkResponse({ standardSchema: sessionSettingsResponse })
  async sessionSettings(
    @CurrentActor() actor: Actor,
    @Param({ schema: sessionSettingsParams }) p: z.output<typeof sessionSettingsParams>,
  ): Promise<SessionSettingsResponse> {
    return toSessionSettings(await this.policies.sessionSettings(actor, p.id));
  }

  /**
   * Staff change every setting. A member_admin changes its session's TCP MD5 key (write-only),
   * its maxPrefix (lowering it applies at once, raising or clearing it answers 202 with the
   * request staff decide) and the policy settings a member may set (allowBlackhole only where the
   * exchange's membersMayAllowBlackhole is on); any other policy setting answers 403 naming
   * `policy.<key>`, for a member_user too (which may set nothing).
   */
  @Patch('sessions/:id/settings')
  @Roles('admin', 'member_admin', 'member_user')
  @ApiOkResponse({ standardSchema: sessionSettingsResponse })
  @ApiAcceptedResponse({
    description: 'a member raised or cleared the limit: the request waiting for staff',
    standardSchema: memberRequestResponse,
  })
  async setSessionSettings(
    @CurrentActor() actor: Actor,
    @Param({ schema: sessionSettingsParams }) p: z.output<typeof sessionSettingsParams>,
    @Body({ schema: sessionSettingsPatch }) body: SessionSettingsPatch,
    @Res({ passthrough: true }) res: { status(code: number): unknown },
  ): Promise<SessionSettingsResponse | MemberRequestResponse> {
    if (actor.role === 'admin') {
      return toSessionSettings(await this.policies.setSessionSettings(actor, p.id, body));
    }
    const { session, request } = await this.requests.changeSessionSettings(actor, p.id, body);
    if (!request) return toSessionSettings(session);
    res.status(202);
    return toMemberRequestResponse(request);
  }
}
