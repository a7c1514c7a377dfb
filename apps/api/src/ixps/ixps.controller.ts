import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IxpService, type Actor, type Page } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { pageOf, pageQuery, pageResponse, type PageQuery } from '../common/page.js';
import { toIxpResponse, toPeeringLanResponse } from './ixp.mapper.js';
import {
  ixpBody,
  ixpResponse,
  peeringLanBody,
  peeringLanResponse,
  type IxpBody,
  type IxpResponse,
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
