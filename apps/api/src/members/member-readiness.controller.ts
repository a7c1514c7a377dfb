import { Controller, Get, Param } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ixora/domain';
import { LookingGlassService } from '@ixora/looking-glass';
import { lookingGlassViews, MemberReadinessService, type MemberReadinessReport } from '@ixora/readiness';
import { Authenticated, CurrentActor } from '../auth/auth.decorators.js';
import { apiErrorSchema } from '../common/error.schema.js';
import { memberReadinessResponse, type MemberReadinessResponse } from './member-readiness.schemas.js';
import { asnParams, type AsnParams } from './member.schemas.js';

export function toMemberReadinessResponse(report: MemberReadinessReport): MemberReadinessResponse {
  return {
    asn: report.asn,
    name: report.name,
    status: report.status,
    phase: report.phase,
    generatedAt: report.generatedAt.toISOString(),
    severity: report.severity,
    counts: { ...report.counts },
    findings: report.findings.map((f) => ({
      check: f.check,
      code: f.code,
      severity: f.severity,
      message: f.message,
      action: f.action,
      items: [...f.items],
      itemCount: f.itemCount,
    })),
  };
}

/** A member's readiness report. Staff read any member's; a member's users read their own (others: 404). */
@ApiTags('members')
@Authenticated()
@ApiNotFoundResponse({ description: 'no such member, or not yours', standardSchema: apiErrorSchema })
@Controller('members')
export class MemberReadinessController {
  constructor(
    private readonly readiness: MemberReadinessService,
    private readonly moduleRef: ModuleRef,
  ) {}

  /**
   * PeeringDB consistency, the AS-SET expansion, IRR prefixes against ROAs, max-prefix against the
   * IRR size, and what the route servers filter (from the looking glass) — each finding with a
   * severity and what to do.
   */
  @Get(':asn/readiness')
  @ApiOkResponse({ standardSchema: memberReadinessResponse })
  async get(
    @CurrentActor() actor: Actor,
    @Param({ schema: asnParams }) p: AsnParams,
  ): Promise<MemberReadinessResponse> {
    const lg = this.lookingGlass();
    const report = await this.readiness.report(
      actor,
      p.asn,
      lg ? { routeServers: lookingGlassViews(lg) } : {},
    );
    return toMemberReadinessResponse(report);
  }

  /** The API's looking glass (its snapshots), when the app runs one. */
  private lookingGlass(): LookingGlassService | undefined {
    try {
      return this.moduleRef.get(LookingGlassService, { strict: false });
    } catch {
      return undefined;
    }
  }
}
