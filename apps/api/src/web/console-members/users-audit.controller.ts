import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuditQueryService, Member, pageRequest, UserService, type AuditFilter } from '@ixora/domain';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages } from '../web-pages.js';
import type { WebRequest, WebResponse } from '../web.types.js';
import { pagerView } from './pager.view.js';

const AUDIT_PAGE_SIZE = 50;
const ROLE_NAMES = {
  admin: 'staff (admin)',
  member_admin: 'member admin',
  member_user: 'member user',
} as const;

const at = (date: Date | null): string => (date ? date.toISOString().replace('T', ' ').slice(0, 19) : '-');

/** A date or date-and-time typed in a filter (UTC), or undefined when empty or not one. */
function parseTime(value: string | undefined, isEnd: boolean): Date | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (!/^\d{4}-\d\d-\d\d([ T]\d\d:\d\d(:\d\d)?)?$/.test(text)) return undefined;
  const isDateOnly = text.length === 10;
  const date = new Date(`${text.replace(' ', 'T')}${isDateOnly ? 'T00:00:00' : ''}Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  // "to 2026-12-01" means through that day.
  return isDateOnly && isEnd ? new Date(date.getTime() + 86_400_000) : date;
}

/** JSON of an audit record's before/after, one line, cut for the page. */
function brief(value: object | null): string {
  if (value === null) return '-';
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** `/admin/users` (every user, by member) and `/admin/audit` (the audit log, filtered and paged). */
@ApiExcludeController()
@Public()
@Controller('admin')
export class UsersAuditPagesController {
  constructor(
    private readonly web: WebPages,
    private readonly users: UserService,
    private readonly audit: AuditQueryService,
    private readonly dataSource: DataSource,
  ) {}

  @Get('users')
  async usersPage(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    const users = await this.users.list(page.actor);
    const members = await this.dataSource.manager.find(Member, { order: { asn: 'ASC' } });
    const row = (u: (typeof users)[number]) => ({
      email: u.email,
      role: ROLE_NAMES[u.role],
      twoFactor: u.totpEnabledAt ? 'on' : 'off',
      state: u.isDisabled ? 'disabled' : 'active',
      created: at(u.createdAt),
    });
    const staff = users.filter((u) => u.memberId === null).map(row);
    const groups = members
      .map((m) => ({
        heading: `AS${m.asn} ${m.name}`,
        href: `/admin/members/AS${m.asn}`,
        users: users.filter((u) => u.memberId === m.id).map(row),
      }))
      .filter((g) => g.users.length > 0);
    this.web.send(response, page, 'admin/users', 'Users', {
      staff,
      hasStaff: staff.length > 0,
      groups,
      hasGroups: groups.length > 0,
      withoutUsers: String(members.length - groups.length),
    });
  }

  @Get('audit')
  async auditPage(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Query('who') who?: string,
    @Query('what') what?: string,
    @Query('entity') entity?: string,
    @Query('id') entityId?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('page') pageInput?: string,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    const fromDate = parseTime(from, false);
    const toDate = parseTime(to, true);
    const problems = [
      ...(from && !fromDate ? [`“from” ${from} is not a date (2026-12-01 or 2026-12-01 14:30, UTC)`] : []),
      ...(to && !toDate ? [`“to” ${to} is not a date (2026-12-01 or 2026-12-01 14:30, UTC)`] : []),
    ];
    const filter: AuditFilter = {
      ...(who?.trim() ? { actor: who.trim().slice(0, 200) } : {}),
      ...(what ? { action: what } : {}),
      ...(entity ? { entityType: entity } : {}),
      ...(entityId?.trim() ? { entityId: entityId.trim().slice(0, 64) } : {}),
      ...(fromDate ? { from: fromDate } : {}),
      ...(toDate ? { to: toDate } : {}),
    };
    const pageNumber = Math.max(1, Math.min(100_000, Number.parseInt(pageInput ?? '1', 10) || 1));
    const result = await this.audit.list(
      page.actor,
      pageRequest(AUDIT_PAGE_SIZE, (pageNumber - 1) * AUDIT_PAGE_SIZE),
      filter,
    );
    const vocabulary = await this.audit.vocabulary(page.actor);
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries({ who, what, entity, id: entityId, from, to }))
      if (value) query.set(key, value);
    const option = (selected: string | undefined) => (value: string) => ({
      value,
      label: value || 'any',
      isSelected: (selected ?? '') === value,
    });
    this.web.send(response, page, 'admin/audit', 'Audit log', {
      who: who ?? '',
      entityId: entityId ?? '',
      from: from ?? '',
      to: to ?? '',
      actions: ['', ...vocabulary.actions].map(option(what)),
      entityTypes: ['', ...vocabulary.entityTypes].map(option(entity)),
      problems,
      hasProblems: problems.length > 0,
      total: `${result.total} ${result.total === 1 ? 'record' : 'records'}`,
      records: result.items.map((r) => ({
        at: at(r.at),
        actor: r.actor,
        action: r.action,
        entity: `${r.entityType}${r.entityId === null ? '' : ` ${r.entityId}`}`,
        before: brief(r.before),
        after: brief(r.after),
      })),
      hasRecords: result.items.length > 0,
      pager: pagerView('/admin/audit', query, pageNumber, AUDIT_PAGE_SIZE, result.total),
    });
  }
}
