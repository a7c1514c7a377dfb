import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRecord } from '../entities/audit-record.entity.js';
import type { Page, PageRequest } from '../repositories/page.js';
import { requireAdmin, type Actor } from './actor.js';

export interface AuditFilter {
  readonly entityType?: string;
  readonly entityId?: string;
  readonly action?: string;
}

/** Reads the audit trail (staff only), newest first. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor, page: PageRequest, filter: AuditFilter = {}): Promise<Page<AuditRecord>> {
    requireAdmin(actor);
    const where: Record<string, string> = {};
    if (filter.entityType !== undefined) where.entityType = filter.entityType;
    if (filter.entityId !== undefined) where.entityId = filter.entityId;
    if (filter.action !== undefined) where.action = filter.action;
    const [items, total] = await this.dataSource.manager.findAndCount(AuditRecord, {
      where,
      order: { id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total, ...page };
  }
}
