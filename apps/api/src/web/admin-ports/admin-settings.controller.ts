import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IMPORT_POLICY_SETTINGS, type PolicySettingSpec } from '@ixora/bird-config';
import {
  IMPORT_POLICY_KEYS,
  ImportPolicyService,
  IXP_SETTINGS,
  IXP_SETTING_KEYS,
  IxpService,
  type Ixp,
  type ImportPolicyColumns,
  type IxpSettingKey,
} from '@ixora/domain';
import { invalidValue } from '@ixora/errors';
import { Public } from '../../auth/auth.decorators.js';
import { WebPages, type SignedInPage } from '../web-pages.js';
import { formField, type WebRequest, type WebResponse } from '../web.types.js';
import { noticeOf, refusalOf } from './admin-page.support.js';

/** Where an effective value comes from, in words. */
const SOURCE_WORDS: Record<string, string> = {
  default: 'built-in default',
  ixp: 'exchange default',
  member: 'member override',
  session: 'session override',
  peeringdb: 'PeeringDB',
};

type Level = 'ixp' | 'member' | 'session';

interface Target {
  readonly ixp: string;
  readonly member: string;
  readonly session: string;
}

interface Outcome {
  readonly status: number;
  readonly error: string;
  readonly notice: string;
}

/** Whether the form carried the field at all (a field left out changes nothing). */
function isPosted(request: WebRequest, name: string): boolean {
  const body = request.body;
  return (
    typeof body === 'object' && body !== null && typeof (body as Record<string, unknown>)[name] === 'string'
  );
}

/** How a stored value reads in a form field: '' for none (inherit), lists comma separated. */
function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

/** A form's text for a policy setting, as the value the policy service takes (null: inherit). */
function policyValue(spec: PolicySettingSpec, text: string): unknown {
  if (text === '') return null;
  if (spec.kind === 'switch') return text === 'true' ? true : text === 'false' ? false : text;
  if (spec.kind === 'integer') return /^\d+$/.test(text) ? Number(text) : text;
  return text;
}

function choicesOf(spec: PolicySettingSpec, current: string) {
  const values = spec.kind === 'switch' ? ['true', 'false'] : spec.kind === 'choice' ? spec.choices : [];
  return [
    { value: '', label: 'inherit', isSelected: current === '' },
    ...values.map((v) => ({ value: v, label: v, isSelected: v === current })),
  ];
}

/**
 * `/admin/settings`: every exchange-wide setting, and the import-policy table with each setting's
 * built-in default, the exchange default, a member's and a session's override, the effective
 * value and where it comes from; forms change each level (as `ixora ixp set` and `ixora policy
 * set` do, with the same checks and audit records).
 */
@ApiExcludeController()
@Public()
@Controller('admin/settings')
export class AdminSettingsController {
  constructor(
    private readonly web: WebPages,
    private readonly ixps: IxpService,
    private readonly policies: ImportPolicyService,
  ) {}

  @Get()
  async show(
    @Req() request: WebRequest,
    @Res() response: WebResponse,
    @Query('ixp') ixp?: string,
    @Query('member') member?: string,
    @Query('session') session?: string,
    @Query('done') done?: string,
  ): Promise<void> {
    const page = await this.web.staff(request, response);
    if (!page) return;
    const target = { ixp: ixp ?? '', member: member ?? '', session: session ?? '' };
    await this.send(response, page, target, { status: 200, error: '', notice: noticeOf(done) });
  }

  @Post('ixp')
  async saveIxp(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const target = this.targetOf(request);
    try {
      const ixp = await this.ixps.findIxp(page.actor, target.ixp || undefined);
      const patch: Record<string, unknown> = {};
      for (const key of IXP_SETTING_KEYS.filter((k) => isPosted(request, k))) {
        const text = formField(request, key).trim();
        if (text !== fieldText(ixp[key])) patch[key] = text;
      }
      if (Object.keys(patch).length) await this.ixps.setSettings(page.actor, ixp.shortname, patch);
      const href = this.hrefOf(target);
      response.redirect(303, `${href}${href.includes('?') ? '&' : '?'}done=settings-saved`);
    } catch (error) {
      const { status, message } = refusalOf(error);
      await this.send(response, page, target, { status, error: message, notice: '' });
    }
  }

  @Post('policy')
  async savePolicy(@Req() request: WebRequest, @Res() response: WebResponse): Promise<void> {
    const page = await this.web.staffForm(request, response);
    if (!page) return;
    const target = this.targetOf(request);
    const level = formField(request, 'level') as Level;
    try {
      const current = await this.levelPolicy(page, target, level);
      const patch: Record<string, unknown> = {};
      for (const spec of IMPORT_POLICY_SETTINGS.filter((s) => isPosted(request, s.key))) {
        const text = formField(request, spec.key).trim();
        if (text !== fieldText(current[spec.key])) patch[spec.key] = policyValue(spec, text);
      }
      if (Object.keys(patch).length) {
        if (level === 'ixp') {
          const ixp = await this.ixps.findIxp(page.actor, target.ixp || undefined);
          await this.policies.setIxpDefaults(page.actor, ixp.shortname, patch);
        } else if (level === 'member')
          await this.policies.setMemberOverrides(page.actor, target.member, patch);
        else await this.policies.setSessionSettings(page.actor, target.session, { policy: patch });
      }
      const href = this.hrefOf(target);
      response.redirect(303, `${href}${href.includes('?') ? '&' : '?'}done=policy-saved`);
    } catch (error) {
      const { status, message } = refusalOf(error);
      await this.send(response, page, target, { status, error: message, notice: '' });
    }
  }

  private targetOf(request: WebRequest): Target {
    return {
      ixp: formField(request, 'ixp'),
      member: formField(request, 'member'),
      session: formField(request, 'session'),
    };
  }

  private hrefOf(target: Target): string {
    const query = new URLSearchParams();
    for (const key of ['ixp', 'member', 'session'] as const) if (target[key]) query.set(key, target[key]);
    const text = query.toString();
    return text ? `/admin/settings?${text}` : '/admin/settings';
  }

  /** The overrides stored at one level (the Ixp's defaults, a member's, a session's). */
  private async levelPolicy(page: SignedInPage, target: Target, level: Level): Promise<ImportPolicyColumns> {
    if (level === 'ixp') return (await this.ixps.findIxp(page.actor, target.ixp || undefined)).policy;
    if (level === 'member') return (await this.policies.memberOverrides(page.actor, target.member)).policy;
    if (level === 'session') return (await this.policies.sessionSettings(page.actor, target.session)).policy;
    throw invalidValue('level', level, 'must be ixp, member or session');
  }

  private async send(
    response: WebResponse,
    page: SignedInPage,
    target: Target,
    outcome: Outcome,
  ): Promise<void> {
    let { status, error } = outcome;
    let ixp: Ixp;
    try {
      ixp = await this.ixps.findIxp(page.actor, target.ixp || undefined);
    } catch (e) {
      ({ status, message: error } = refusalOf(e));
      this.web.send(response, page, 'admin/settings', 'Exchange settings', emptyView(page, error), status);
      return;
    }
    const levels: { level: Level; label: string; policy: ImportPolicyColumns }[] = [
      { level: 'ixp', label: `Exchange ${ixp.shortname}`, policy: ixp.policy },
    ];
    const effectiveTarget: { ixp?: string; asn?: string; session?: string } = { ixp: ixp.shortname };
    try {
      if (target.member) {
        const member = await this.policies.memberOverrides(page.actor, target.member);
        levels.push({ level: 'member', label: `Member AS${member.asn}`, policy: member.policy });
        effectiveTarget.ixp = undefined;
        effectiveTarget.asn = target.member;
      }
      if (target.session) {
        const session = await this.policies.sessionSettings(page.actor, target.session);
        levels.push({ level: 'session', label: `Session ${session.id}`, policy: session.policy });
        effectiveTarget.ixp = undefined;
        effectiveTarget.asn = undefined;
        effectiveTarget.session = target.session;
      }
    } catch (e) {
      ({ status, message: error } = refusalOf(e));
    }
    const effective = await this.policies.effectivePolicy(page.actor, effectiveTarget);
    const effectiveByKey = new Map(effective.map((row) => [row.setting, row]));
    const policyRows = IMPORT_POLICY_SETTINGS.map((spec) => {
      const row = effectiveByKey.get(spec.key);
      return {
        key: spec.key,
        meaning: spec.meaning,
        builtIn: String(spec.default),
        levels: levels.map((l) => ({ value: fieldText(l.policy[spec.key]) || '—' })),
        effective: row === undefined ? '' : String(row.value),
        from: row === undefined ? '' : (SOURCE_WORDS[row.from] ?? row.from),
      };
    });
    const limitRows = effective
      .filter((row) => !(IMPORT_POLICY_KEYS as readonly string[]).includes(row.setting))
      .map((row) => ({
        setting: row.setting,
        value: String(row.value),
        from: SOURCE_WORDS[row.from] ?? row.from,
      }));
    const hidden = { ixp: target.ixp, member: target.member, session: target.session };
    this.web.send(
      response,
      page,
      'admin/settings',
      'Exchange settings',
      {
        csrf: page.context.csrf,
        error,
        notice: outcome.notice,
        hidden,
        ixpName: ixp.shortname,
        ixpSettings: IXP_SETTING_KEYS.map((key: IxpSettingKey) => ({
          key,
          meaning: IXP_SETTINGS[key].meaning,
          value: fieldText(ixp[key]),
          isSwitch: typeof ixp[key] === 'boolean',
          switchOptions: [
            { value: 'true', label: 'on', isSelected: ixp[key] === true },
            { value: 'false', label: 'off', isSelected: ixp[key] === false },
          ],
        })),
        levelHeadings: levels.map((l) => ({ label: l.label })),
        policyRows,
        limitRows,
        hasLimits: limitRows.length > 0,
        policyForms: levels.map((l) => ({
          level: l.level,
          label: l.label,
          fields: IMPORT_POLICY_SETTINGS.map((spec) => {
            const current = fieldText(l.policy[spec.key]);
            return {
              key: spec.key,
              id: `${l.level}-${spec.key}`,
              isInteger: spec.kind === 'integer',
              value: current,
              range: spec.kind === 'integer' ? `${spec.min}..${spec.max}, empty: inherit` : '',
              choices: choicesOf(spec, current),
            };
          }),
        })),
      },
      status,
    );
  }
}

function emptyView(page: SignedInPage, error: string) {
  return {
    csrf: page.context.csrf,
    error,
    notice: '',
    hidden: { ixp: '', member: '', session: '' },
    ixpName: '',
    ixpSettings: [],
    levelHeadings: [],
    policyRows: [],
    limitRows: [],
    hasLimits: false,
    policyForms: [],
  };
}
