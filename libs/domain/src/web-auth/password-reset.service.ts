import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import argon2 from 'argon2';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { IXORA_CLOCK, IXORA_CONFIG, systemClock, type Clock, type IxoraConfig } from '@ixora/config';
import { invalidValue, IxoraError, notFound } from '@ixora/errors';
import { User } from '../entities/user.entity.js';
import { PasswordReset, WebSession } from '../entities/web-auth.entity.js';
import type { Actor } from '../services/actor.js';
import { requireAdmin } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';
import { UserService } from '../services/user.service.js';
import { hashSessionToken } from './web-session.service.js';

/** A reset link works for an hour, once. */
export const PASSWORD_RESET_TTL_MS = 60 * 60_000;
export const MIN_PASSWORD_LENGTH = 12;

export interface IssuedPasswordReset {
  readonly user: User;
  readonly link: string;
  readonly expiresAt: Date;
}

/** Password reset by a one-time link: a random token, stored hashed, with an expiry. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserService,
    @Inject(IXORA_CONFIG) private readonly config: IxoraConfig,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  /**
   * A reset link for the user with this e-mail; null when there is none that may sign in (the
   * caller answers the same either way, so the page does not tell which addresses exist).
   * Older unused links of the user stop working.
   */
  async issue(email: string): Promise<IssuedPasswordReset | null> {
    const user = await this.dataSource.manager.findOneBy(User, { email: email.trim().toLowerCase() });
    if (!user || !(await this.users.mayAct(user))) return null;
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
    await this.dataSource.transaction(async (tx) => {
      await tx.update(PasswordReset, { userId: user.id, usedAt: IsNull() }, { usedAt: now });
      await tx.insert(PasswordReset, {
        userId: user.id,
        tokenHash: hashSessionToken(token),
        createdAt: now,
        expiresAt,
        usedAt: null,
      });
    });
    return { user, link: this.linkFor(token), expiresAt };
  }

  /** `ixora user reset-link`: staff pass a link on by hand; an unknown or blocked user is an error. */
  async issueForStaff(actor: Actor, email: string): Promise<IssuedPasswordReset> {
    requireAdmin(actor);
    const issued = await this.issue(email);
    if (!issued) throw notFound('user that may sign in', email);
    await writeAudit(
      this.dataSource.manager,
      actor,
      'user.password_reset_link',
      'user',
      issued.user.id,
      null,
      {
        expiresAt: issued.expiresAt,
      },
    );
    return issued;
  }

  /** Whether a link's token is unused and unexpired (the page asks before showing the form). */
  async isUsable(token: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(PasswordReset, {
      tokenHash: hashSessionToken(token),
      usedAt: IsNull(),
      expiresAt: MoreThan(this.clock.now()),
    });
  }

  /** Sets the new password and uses the link up; every browser session of the user ends. */
  async complete(token: string, password: string): Promise<User> {
    if (password.length < MIN_PASSWORD_LENGTH)
      throw invalidValue('password', '[hidden]', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const rows = await tx.query<[{ user_id: number }[], number]>(
        `UPDATE password_reset SET used_at = $2
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
          RETURNING user_id`,
        [hashSessionToken(token), now],
      );
      const userId = rows[0][0]?.user_id;
      if (userId === undefined)
        throw new IxoraError('invalid_value', 'this reset link is expired or was used already', {
          field: 'token',
        });
      const user = await tx.findOneByOrFail(User, { id: userId });
      await tx.update(User, { id: userId }, { passwordHash });
      await tx.delete(WebSession, { userId });
      await writeAudit(
        tx,
        { label: `user:${user.email}`, userId, role: user.role, memberId: user.memberId },
        'user.password_reset',
        'user',
        userId,
        null,
        null,
      );
      return user;
    });
  }

  linkFor(token: string): string {
    return `${this.config.publicUrl}/password-reset/${token}`;
  }
}
