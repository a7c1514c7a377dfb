import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CLOCK, IXORA_CONFIG, systemClock, type Clock, type IxoraConfig } from '@ixora/config';
import { Member } from '../entities/member.entity.js';
import { User } from '../entities/user.entity.js';
import { WebSession, type WebSessionStage } from '../entities/web-auth.entity.js';
import type { Actor } from '../services/actor.js';
import { actorOf, UserService } from '../services/user.service.js';

/** A browser session as a request sees it: who, how far the sign-in got, and the cookie's id. */
export interface ResolvedWebSession {
  readonly session: WebSession;
  readonly user: User;
  readonly member: Member | null;
  readonly actor: Actor;
  /** The stored stage, or `enrol` when a second factor became required and the user has none. */
  readonly stage: WebSessionStage;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Staff always sign in with a second factor; a member's users when its member_admin says so. */
export function isTwoFactorRequired(user: User, member: Member | null): boolean {
  return user.role === 'admin' || member?.isTwoFactorRequired === true;
}

/** After a good password: the second factor if the user has one, else enrolment if one is required. */
export function stageAfterPassword(user: User, member: Member | null): WebSessionStage {
  if (user.totpEnabledAt !== null) return 'two_factor';
  return isTwoFactorRequired(user, member) ? 'enrol' : 'full';
}

const MINUTE_MS = 60_000;

/**
 * Browser sessions in PostgreSQL: every API process sees the same sessions, a sign-out or a
 * password reset ends them everywhere at once. A session ends after `SESSION_IDLE_MINUTES`
 * without a request and `SESSION_ABSOLUTE_HOURS` after sign-in, judged on the injected clock.
 */
@Injectable()
export class WebSessionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserService,
    @Inject(IXORA_CONFIG) private readonly config: IxoraConfig,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  /** Starts a session; returns the cookie's random id (shown once, stored hashed). */
  async start(userId: number, stage: WebSessionStage): Promise<{ token: string; session: WebSession }> {
    const now = this.clock.now();
    await this.pruneExpired(now);
    const token = randomBytes(32).toString('base64url');
    const session = await this.dataSource.manager.save(
      this.dataSource.manager.create(WebSession, {
        tokenHash: hashSessionToken(token),
        userId,
        stage,
        pendingTotpSecret: null,
        createdAt: now,
        lastSeenAt: now,
      }),
    );
    return { token, session };
  }

  /** Starts the session of a user whose password was just checked, at the stage its second factor asks. */
  async startAfterPassword(userId: number): Promise<{ token: string; session: WebSession }> {
    const user = await this.dataSource.manager.findOneByOrFail(User, { id: userId });
    const member =
      user.memberId === null ? null : await this.dataSource.manager.findOneBy(Member, { id: user.memberId });
    return this.start(userId, stageAfterPassword(user, member));
  }

  /**
   * The live session of a cookie id, its idle time reset; null when unknown, timed out, or its
   * user may no longer act (disabled, or its member is not active), in which case it is ended.
   */
  async resolve(token: string): Promise<ResolvedWebSession | null> {
    const now = this.clock.now();
    const manager = this.dataSource.manager;
    const session = await manager.findOneBy(WebSession, { tokenHash: hashSessionToken(token) });
    if (!session) return null;
    const user = await manager.findOneBy(User, { id: session.userId });
    if (this.isExpired(session, now) || !user || !(await this.users.mayAct(user))) {
      await manager.delete(WebSession, { id: session.id });
      return null;
    }
    const member = user.memberId === null ? null : await manager.findOneBy(Member, { id: user.memberId });
    await manager.update(WebSession, { id: session.id }, { lastSeenAt: now });
    session.lastSeenAt = now;
    const stage =
      session.stage === 'full' && user.totpEnabledAt === null && isTwoFactorRequired(user, member)
        ? 'enrol'
        : session.stage;
    return { session, user, member, actor: actorOf(user, 'user'), stage };
  }

  /** Replaces a session by a new one at `stage` (a new cookie id after each sign-in step). */
  async advance(
    session: WebSession,
    stage: WebSessionStage,
  ): Promise<{ token: string; session: WebSession }> {
    return this.dataSource.transaction(async (tx) => {
      await tx.delete(WebSession, { id: session.id });
      const token = randomBytes(32).toString('base64url');
      const next = await tx.save(
        tx.create(WebSession, {
          tokenHash: hashSessionToken(token),
          userId: session.userId,
          stage,
          pendingTotpSecret: null,
          // The absolute timeout counts from the password, not from the second factor.
          createdAt: session.createdAt,
          lastSeenAt: this.clock.now(),
        }),
      );
      return { token, session: next };
    });
  }

  async setPendingTotpSecret(sessionId: number, secret: string): Promise<void> {
    await this.dataSource.manager.update(WebSession, { id: sessionId }, { pendingTotpSecret: secret });
  }

  async end(token: string): Promise<void> {
    await this.dataSource.manager.delete(WebSession, { tokenHash: hashSessionToken(token) });
  }

  async endAllOf(userId: number): Promise<void> {
    await this.dataSource.manager.delete(WebSession, { userId });
  }

  private isExpired(session: WebSession, now: Date): boolean {
    const idleMs = this.config.sessionIdleMinutes * MINUTE_MS;
    const absoluteMs = this.config.sessionAbsoluteHours * 60 * MINUTE_MS;
    return (
      now.getTime() - session.lastSeenAt.getTime() >= idleMs ||
      now.getTime() - session.createdAt.getTime() >= absoluteMs
    );
  }

  private async pruneExpired(now: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM web_session WHERE last_seen_at <= $1 OR created_at <= $2`, [
      new Date(now.getTime() - this.config.sessionIdleMinutes * MINUTE_MS),
      new Date(now.getTime() - this.config.sessionAbsoluteHours * 60 * MINUTE_MS),
    ]);
  }
}
