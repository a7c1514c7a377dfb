import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IxpService, type Actor, type Page } from '@ixora/domain';
import type { z } from 'zod';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { pageOf, pageQuery, pageResponse, type PageQuery } from '../common/page.js';
import { toIxpResponse, toIxpSettingsResponse, toPeeringLanResponse } from './ixp.mapper.js';
import {
  ixpBody,
  ixpParams,
  ixpResponse,
  ixpSettingsPatch,
  ixpSettingsResponse,
  peeringLanBody,
  peeringLanResponse,
  type IxpBody,
  type IxpResponse,
  type IxpSettingsPatch,
  type IxpSettingsResponse,
  type PeeringLanBody,
  type PeeringLanResponse,
} from './ixp.schemas.js';

@ApiTags('ixps')
@Authenticated()
@Controller()
export class IxpsController {
  constructor(private readonly ixps: IxpService) {}

  @Get('ixps')
  @ApiOkResponse({ standardSchema: pageResponse(ixpResponse) })
  async listIxps(@Query({ schema: pageQuery }) page: PageQuery): Promise<Page<IxpResponse>> {
    return pageOf((await this.ixps.listIxps()).map(toIxpResponse), page);
  }

  @Post('ixps')
  @Roles('admin')
  @ApiCreatedResponse({ standardSchema: ixpResponse })
  async addIxp(@CurrentActor() actor: Actor, @Body({ schema: ixpBody }) body: IxpBody): Promise<IxpResponse> {
    return toIxpResponse(await this.ixps.addIxp(actor, body));
  }

  /** The exchange-wide settings (staff). */
  @Get('ixps/:shortname')
  @Roles('admin')
  @ApiOkResponse({ standardSchema: ixpSettingsResponse })
  async ixpSettings(
    @CurrentActor() actor: Actor,
    @Param({ schema: ixpParams }) p: z.output<typeof ixpParams>,
  ): Promise<IxpSettingsResponse> {
    return toIxpSettingsResponse(await this.ixps.findIxp(actor, p.shortname));
  }

  /** Changes exchange-wide settings (staff, audited): only the settings named change. */
  @Patch('ixps/:shortname')
  @Roles('admin')
  @ApiOkResponse({ standardSchema: ixpSettingsResponse })
  async setIxpSettings(
    @CurrentActor() actor: Actor,
    @Param({ schema: ixpParams }) p: z.output<typeof ixpParams>,
    @Body({ schema: ixpSettingsPatch }) body: IxpSettingsPatch,
  ): Promise<IxpSettingsResponse> {
    return toIxpSettingsResponse(await this.ixps.setSettings(actor, p.shortname, body));
  }

  @Get('peering-lans')
  @ApiOkResponse({ standardSchema: pageResponse(peeringLanResponse) })
  async listLans(@Query({ schema: pageQuery }) page: PageQuery): Promise<Page<PeeringLanResponse>> {
    return pageOf((await this.ixps.listLans()).map(toPeeringLanResponse), page);
  }

  @Post('peering-lans')
  @Roles('admin')
  @ApiCreatedResponse({ standardSchema: peeringLanResponse })
  async addLan(
    @CurrentActor() actor: Actor,
    @Body({ schema: peeringLanBody }) body: PeeringLanBody,
  ): Promise<PeeringLanResponse> {
    return toPeeringLanResponse(await this.ixps.addLan(actor, body));
  }
}
