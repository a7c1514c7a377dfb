import { Body, Controller, Get, Param, Patch, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ImportPolicyService, type Actor, type RouteServerSession } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
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
  constructor(private readonly policies: ImportPolicyService) {}

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

  @Patch('sessions/:id/settings')
  @Roles('admin')
  @ApiOkResponse({ standardSchema: sessionSettingsResponse })
  async setSessionSettings(
    @CurrentActor() actor: Actor,
    @Param({ schema: sessionSettingsParams }) p: z.output<typeof sessionSettingsParams>,
    @Body({ schema: sessionSettingsPatch }) body: SessionSettingsPatch,
  ): Promise<SessionSettingsResponse> {
    return toSessionSettings(await this.policies.setSessionSettings(actor, p.id, body));
  }
}
