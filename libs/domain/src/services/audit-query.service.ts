import { Injectable } from '@nestjs/common';
import { DataSource, type FindOptionsWhere, ILike, LessThan, MoreThanOrEqual, And } from 'typeorm';
import { AuditRecord } from '../entities/audit-record.entity.js';
import type { Page, PageRequest } from '../repositories/page.js';
import { requireAdmin, type Actor } from './actor.js';

export interface AuditFilter {
  readonly entityType?: string;
  readonly entityId?: string;
  readonly action?: string;
  /** Part of the actor's label (`user:noc@`, `cli:`), any case. */
  readonly actor?: string;
  /** Records at or after this time. */
  readonly from?: Date;
  /** Records before this time. */
  readonly to?: Date;
}

/** `%` and `_` typed by a person mean themselves in a search, not SQL wildcards. */
function literalLike(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Reads the audit trail (staff only), newest first. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor, page: PageRequest, filter: AuditFilter = {}): Promise<Page<AuditRecord>> {
    requireAdmin(actor);
    const where: FindOptionsWhere<AuditRecord> = {};
    if (filter.entityType !== undefined) where.entityType = filter.entityType;
    if (filter.entityId !== undefined) where.entityId = filter.entityId;
    if (filter.action !== undefined) where.action = filter.action;
    if (filter.actor !== undefined) where.actor = ILike(literalLike(filter.actor));
    if (filter.from !== undefined && filter.to !== undefined)
      where.at = And(MoreThanOrEqual(filter.from), LessThan(filter.to));
    else if (filter.from !== undefined) where.at = MoreThanOrEqual(filter.from);
    else if (filter.to !== undefined) where.at = LessThan(filter.to);
    const [items, total] = await this.dataSource.manager.findAndCount(AuditRecord, {
      where,
      order: { id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total, ...page };
  }

  /** The entity types and actions the trail holds, for the filters of the staff console. */
  async vocabulary(actor: Actor): Promise<{ entityTypes: string[]; actions: string[] }> {
    requireAdmin(actor);
    const types = await this.dataSource.query<{ v: string }[]>(
      `SELECT DISTINCT entity_type AS v FROM audit_record ORDER BY 1`,
    );
    const actions = await this.dataSource.query<{ v: string }[]>(
      `SELECT DISTINCT action AS v FROM audit_record ORDER BY 1`,
    );
    return { entityTypes: types.map((r) => r.v), actions: actions.map((r) => r.v) };
  }
}
