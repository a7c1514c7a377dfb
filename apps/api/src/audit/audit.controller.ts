import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditQueryService, type Actor, type Page } from '@ixora/domain';
import { Authenticated, CurrentActor, Roles } from '../auth/auth.decorators.js';
import { mapPage, pageResponse } from '../common/page.js';
import { toAuditRecordResponse } from './audit.mapper.js';
import {
  auditQuery,
  auditRecordResponse,
  type AuditQuery,
  type AuditRecordResponse,
} from './audit.schemas.js';

@ApiTags('audit')
@Authenticated()
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  /** Every change, newest first. */
  @Get()
  @ApiOkResponse({ standardSchema: pageResponse(auditRecordResponse) })
  async list(
    @CurrentActor() actor: Actor,
    @Query({ schema: auditQuery }) q: AuditQuery,
  ): Promise<Page<AuditRecordResponse>> {
    const { limit, offset, ...filter } = q;
    return mapPage(await this.audit.list(actor, { limit, offset }, filter), toAuditRecordResponse);
  }
}
