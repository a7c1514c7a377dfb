import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AlertSettingsService, type AlertSubscription } from '@ixora/alerts';
import type { Actor } from '@ixora/domain';
import { Authenticated, CurrentActor } from '../auth/auth.decorators.js';
import { apiErrorSchema } from '../common/error.schema.js';
import { asnParams, type AsnParams } from '../members/member.schemas.js';
import {
  alertSubscriptionBody,
  alertSubscriptionResponse,
  type AlertSubscriptionBody,
  type AlertSubscriptionResponse,
} from './alert-subscription.schemas.js';

function toResponse(subscription: AlertSubscription): AlertSubscriptionResponse {
  return {
    asn: subscription.asn,
    kinds: [...subscription.kinds],
    emails: [...subscription.emails],
    peeringDbPocIds: [...subscription.peeringDbPocIds],
    availablePocs: subscription.availablePocs.map((poc) => ({ ...poc })),
    updatedAt: subscription.updatedAt?.toISOString() ?? null,
  };
}

/** Which alert events a member gets, and at which NOC addresses. Member users read; member_admin and staff write. */
@ApiTags('alerts')
@Authenticated()
@ApiNotFoundResponse({ description: 'no such member, or not yours', standardSchema: apiErrorSchema })
@Controller('members/:asn/alert-subscriptions')
export class AlertSubscriptionsController {
  constructor(private readonly settings: AlertSettingsService) {}

  @Get()
  @ApiOkResponse({ standardSchema: alertSubscriptionResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param({ schema: asnParams }) p: AsnParams,
  ): Promise<AlertSubscriptionResponse> {
    return toResponse(await this.settings.getSubscription(actor, p.asn));
  }

  @Put()
  @ApiOkResponse({ standardSchema: alertSubscriptionResponse })
  async put(
    @CurrentActor() actor: Actor,
    @Param({ schema: asnParams }) p: AsnParams,
    @Body({ schema: alertSubscriptionBody }) body: AlertSubscriptionBody,
  ): Promise<AlertSubscriptionResponse> {
    return toResponse(await this.settings.putSubscription(actor, p.asn, body));
  }
}
