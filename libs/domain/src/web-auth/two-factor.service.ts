import { createHash, randomInt } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { IXORA_CLOCK, systemClock, type Clock } from '@ixora/config';
import { IxoraError, notFound } from '@ixora/errors';
import { Member } from '../entities/member.entity.js';
import { User } from '../entities/user.entity.js';
import { RecoveryCode } from '../entities/web-auth.entity.js';
import type { Actor } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';

export const RECOVERY_CODE_COUNT = 10;
/** Letters and digits that cannot be mistaken for each other when copied by hand. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/**
 * Accepts the code of the previous and the next 30-second step too (RFC 6238 §5.2: allow for
 * clock drift and for the time the user takes to type).
 */
const TOLERANCE_SECONDS = 30;

function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Recovery codes carry 49 random bits each and are good once, so SHA-256 is enough to store them. */
function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[\s-]/g, '')).digest('hex');
}

export type SecondFactorKind = 'totp' | 'recovery_code';

/** TOTP two-factor sign-in (RFC 6238, SHA-1, 6 digits, 30 s: what every authenticator app reads). */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  newSecret(): string {
    return generateSecret();
  }

  /** The `otpauth://` URI an authenticator app scans. */
  enrolmentUri(email: string, secret: string): string {
    return generateURI({ issuer: 'ixora', label: email, secret });
  }

  /**
   * Turns two-factor sign-in on for a user once it proves it holds the secret (a current code);
   * returns fresh recovery codes, shown once. Null when the code is wrong.
   */
  async enable(actor: Actor, userId: number, secret: string, code: string): Promise<string[] | null> {
    const step = await this.checkTotp(secret, code, undefined);
    if (step === null) return null;
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const user = await tx.findOneBy(User, { id: userId });
      if (!user) throw notFound('user', userId);
      await tx.update(User, { id: userId }, { totpSecret: secret, totpEnabledAt: now, totpLastStep: step });
      const codes = await this.replaceRecoveryCodes(tx, userId, now);
      await writeAudit(tx, actor, 'user.two_factor.enable', 'user', userId, null, {
        email: user.email,
        recoveryCodes: codes.length,
      });
      return codes;
    });
  }

  /**
   * Checks a second factor: a current TOTP code (each code once), or an unused recovery code
   * (used up by this). Null when neither.
   */
  async check(userId: number, code: string): Promise<SecondFactorKind | null> {
    const trimmed = code.trim();
    const user = await this.dataSource.manager.findOneBy(User, { id: userId });
    if (!user?.totpSecret) return null;
    if (/^\d{6}$/.test(trimmed)) {
      const step = await this.checkTotp(user.totpSecret, trimmed, user.totpLastStep ?? undefined);
      if (step === null) return null;
      // One statement, so two requests with the same code cannot both pass.
      const [, affected] = await this.dataSource.query<[unknown, number]>(
        `UPDATE app_user SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
        [userId, step],
      );
      return affected === 1 ? 'totp' : null;
    }
    const used = await this.dataSource.manager.update(
      RecoveryCode,
      { userId, codeHash: hashRecoveryCode(trimmed), usedAt: IsNull() },
      { usedAt: this.clock.now() },
    );
    return used.affected === 1 ? 'recovery_code' : null;
  }

  async unusedRecoveryCodes(userId: number): Promise<number> {
    return this.dataSource.manager.countBy(RecoveryCode, { userId, usedAt: IsNull() });
  }

  /** A member_admin (or staff) makes a second factor required, or optional, for the member's users. */
  async setMemberRequirement(actor: Actor, memberId: number, isRequired: boolean): Promise<Member> {
    if (actor.role === 'member_user' || (actor.role === 'member_admin' && actor.memberId !== memberId))
      throw new IxoraError('forbidden', "only the member's member_admin or staff set this");
    return this.dataSource.transaction(async (tx) => {
      const member = await tx.findOneBy(Member, { id: memberId });
      if (!member) throw notFound('member', memberId);
      if (member.isTwoFactorRequired === isRequired) return member;
      await tx.update(Member, { id: memberId }, { isTwoFactorRequired: isRequired });
      await writeAudit(
        tx,
        actor,
        'member.two_factor_required',
        'member',
        memberId,
        { isTwoFactorRequired: member.isTwoFactorRequired },
        { isTwoFactorRequired: isRequired },
      );
      member.isTwoFactorRequired = isRequired;
      return member;
    });
  }

  /** The time step of a good code, judged on the injected clock; null otherwise. */
  private async checkTotp(
    secret: string,
    code: string,
    afterStep: number | undefined,
  ): Promise<number | null> {
    if (!/^\d{6}$/.test(code.trim())) return null;
    try {
      const result = await verify({
        secret,
        token: code.trim(),
        epoch: Math.floor(this.clock.now().getTime() / 1000),
        epochTolerance: TOLERANCE_SECONDS,
        ...(afterStep === undefined ? {} : { afterTimeStep: afterStep }),
      });
      return result.valid && 'timeStep' in result ? result.timeStep : null;
    } catch {
      // otplib refuses a last-used step ahead of now (a clock set back): no code is good then.
      return null;
    }
  }

  private async replaceRecoveryCodes(tx: EntityManager, userId: number, now: Date): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await tx.delete(RecoveryCode, { userId });
    await tx.insert(
      RecoveryCode,
      codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code), createdAt: now, usedAt: null })),
    );
    return codes;
  }
}
