import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AlertQueryService, type AlertDeliveryRecord, type AlertRecord } from '@ixora/alerts';
import type { Actor } from '@ixora/domain';
import { Authenticated, CurrentActor } from '../auth/auth.decorators.js';
import { apiErrorSchema } from '../common/error.schema.js';
import {
  alertDeliveryResponse,
  alertIdParams,
  alertListQuery,
  alertResponse,
  type AlertDeliveryResponse,
  type AlertIdParams,
  type AlertListQuery,
  type AlertResponse,
} from './alert.schemas.js';

function toAlertResponse(alert: AlertRecord): AlertResponse {
  return {
    id: alert.id,
    kind: alert.kind,
    routeServer: alert.routeServer,
    asn: alert.asn,
    title: alert.title,
    text: alert.text,
    advice: alert.advice,
    resolvedText: alert.resolvedText,
    details: { ...alert.details },
    openedAt: alert.openedAt.toISOString(),
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
  };
}

function toDeliveryResponse(delivery: AlertDeliveryRecord): AlertDeliveryResponse {
  return {
    id: delivery.id,
    transition: delivery.transition,
    channel: delivery.channel,
    recipient: delivery.recipient,
    status: delivery.status,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    sentAt: delivery.sentAt?.toISOString() ?? null,
  };
}

/** Alerts, newest first: staff see all, a member's users those about their own member. */
@ApiTags('alerts')
@Authenticated()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertQueryService) {}

  @Get()
  @ApiOkResponse({ standardSchema: z.array(alertResponse) })
  @ApiNotFoundResponse({ description: 'no such member, or not yours', standardSchema: apiErrorSchema })
  async list(
    @CurrentActor() actor: Actor,
    @Query({ schema: alertListQuery }) q: AlertListQuery,
  ): Promise<AlertResponse[]> {
    const alerts = await this.alerts.list(actor, { isOpenOnly: q.open, asn: q.asn, limit: q.limit });
    return alerts.map(toAlertResponse);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ standardSchema: z.array(alertDeliveryResponse) })
  @ApiNotFoundResponse({ description: 'no such alert (or not staff)', standardSchema: apiErrorSchema })
  async deliveries(
    @CurrentActor() actor: Actor,
    @Param({ schema: alertIdParams }) p: AlertIdParams,
  ): Promise<AlertDeliveryResponse[]> {
    return (await this.alerts.deliveries(actor, p.id)).map(toDeliveryResponse);
  }
}
