import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SwitchService, type Actor } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { toSwitchResponse } from './port.mapper.js';
import {
  switchCreateBody,
  switchParams,
  switchResponse,
  switchUpdateBody,
  type SwitchCreateBody,
  type SwitchParams,
  type SwitchResponse,
  type SwitchUpdateBody,
} from './port.schemas.js';

/** Peering switches (staff). A switch with ports is not removed: move or remove its ports first. */
@ApiTags('ports')
@Authenticated()
@Roles('admin')
@Controller('switches')
export class SwitchesController {
  constructor(private readonly switches: SwitchService) {}

  @Get()
  @ApiOkResponse({ standardSchema: switchResponse.array() })
  async list(@CurrentActor() actor: Actor): Promise<SwitchResponse[]> {
    return (await this.switches.list(actor)).map(toSwitchResponse);
  }

  @Post()
  @ApiCreatedResponse({ standardSchema: switchResponse })
  async create(
    @CurrentActor() actor: Actor,
    @Body({ schema: switchCreateBody }) body: SwitchCreateBody,
  ): Promise<SwitchResponse> {
    const saved = await this.switches.create(actor, body);
    return toSwitchResponse(await this.switches.get(actor, saved.id));
  }

  @Get(':ref')
  @ApiOkResponse({ standardSchema: switchResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param({ schema: switchParams }) p: SwitchParams,
  ): Promise<SwitchResponse> {
    return toSwitchResponse(await this.switches.get(actor, p.ref));
  }

  @Patch(':ref')
  @ApiOkResponse({ standardSchema: switchResponse })
  async update(
    @CurrentActor() actor: Actor,
    @Param({ schema: switchParams }) p: SwitchParams,
    @Body({ schema: switchUpdateBody }) body: SwitchUpdateBody,
  ): Promise<SwitchResponse> {
    const saved = await this.switches.update(actor, p.ref, body);
    return toSwitchResponse(await this.switches.get(actor, saved.id));
  }

  @Delete(':ref')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @Param({ schema: switchParams }) p: SwitchParams): Promise<void> {
    return this.switches.remove(actor, p.ref);
  }
}
