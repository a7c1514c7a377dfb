import { Inject, Injectable, Optional } from '@nestjs/common';
import { IXORA_CLOCK, systemClock, type Clock } from '@ixora/config';
import { MemberService, RateLimitStore, UserService, type Actor } from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
import type { LoginBody, MeResponse, TokenBody, TokenInfoResponse, TokenResponse } from './auth.schemas.js';
import { clientKey } from '../common/client-key.js';
import { toTokenInfoResponse, toTokenResponse } from './auth.mapper.js';

/** A password login gives a working day's token; scripts wanting longer ask for one with POST /auth/tokens. */
export const LOGIN_TOKEN_TTL_MS = 12 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/**
 * Failed sign-ins counted in PostgreSQL (every API process, across restarts): guessing one
 * account's password from one source, and guessing many accounts' from one source. The account
 * lock is per source, so someone else's failures never lock a user out of their own account.
 */
export const LOGIN_LIMITS = {
  accountFromSource: { scope: 'login.account', maxFailures: 10, windowMs: 15 * 60_000 },
  source: { scope: 'login.source', maxFailures: 100, windowMs: 15 * 60_000 },
} as const;

/** HTTP sign-in: a password login hands out an API token, so every later request uses Bearer. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserService,
    private readonly members: MemberService,
    private readonly limits: RateLimitStore,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async login(body: LoginBody, clientAddress: string | undefined): Promise<TokenResponse> {
    const actor = await this.authenticate(body.email, body.password, clientAddress);
    const now = this.clock.now();
    // Token names allow letters, digits, spaces, "_", "." and "-": `login 2026-11-29 03.14.15`.
    const stamp = now.toISOString().slice(0, 19).replace('T', ' ').replaceAll(':', '.');
    const expiresAt = new Date(now.getTime() + LOGIN_TOKEN_TTL_MS);
    return toTokenResponse(await this.users.createToken(actor, { name: `login ${stamp}`, expiresAt }));
  }

  /**
   * Checks an e-mail and password under the login throttle (the API's token login and the
   * browser's sign-in form count against the same limits): the user's actor, or an
   * `unauthorized` / `rate_limited` error.
   */
  async authenticate(email: string, password: string, clientAddress: string | undefined): Promise<Actor> {
    const source = clientKey(clientAddress);
    const keys = [
      { ...LOGIN_LIMITS.accountFromSource, key: `${email.toLowerCase()} ${source}` },
      { ...LOGIN_LIMITS.source, key: source },
    ];
    for (const limit of keys) {
      const seconds = await this.limits.lockedForSeconds(
        limit.scope,
        limit.key,
        limit.maxFailures,
        limit.windowMs,
      );
      if (seconds !== null)
        throw new IxoraError('rate_limited', `too many failed logins; try again in ${seconds} s`, {
          retryAfterSeconds: seconds,
        });
    }
    const actor = await this.users.authenticatePassword(email, password);
    if (!actor) {
      await this.recordFailure(email, clientAddress);
      throw new IxoraError('unauthorized', 'wrong e-mail or password');
    }
    await this.limits.clearFailures(LOGIN_LIMITS.accountFromSource.scope, keys[0]!.key);
    return actor;
  }

  /** Counts a failed sign-in step (a wrong password, or a wrong second factor) against the throttle. */
  async recordFailure(email: string, clientAddress: string | undefined): Promise<void> {
    const source = clientKey(clientAddress);
    await this.limits.recordFailure(
      LOGIN_LIMITS.accountFromSource.scope,
      `${email.toLowerCase()} ${source}`,
      LOGIN_LIMITS.accountFromSource.windowMs,
    );
    await this.limits.recordFailure(LOGIN_LIMITS.source.scope, source, LOGIN_LIMITS.source.windowMs);
  }

  /** Seconds the throttle still locks this e-mail from this source; null when it may try. */
  async lockedForSeconds(email: string, clientAddress: string | undefined): Promise<number | null> {
    const source = clientKey(clientAddress);
    return (
      (await this.limits.lockedForSeconds(
        LOGIN_LIMITS.accountFromSource.scope,
        `${email.toLowerCase()} ${source}`,
        LOGIN_LIMITS.accountFromSource.maxFailures,
        LOGIN_LIMITS.accountFromSource.windowMs,
      )) ??
      (await this.limits.lockedForSeconds(
        LOGIN_LIMITS.source.scope,
        source,
        LOGIN_LIMITS.source.maxFailures,
        LOGIN_LIMITS.source.windowMs,
      ))
    );
  }

  async createToken(actor: Actor, body: TokenBody): Promise<TokenResponse> {
    const now = this.clock.now();
    const { expiresInDays, ...input } = body;
    const expiresAt =
      expiresInDays === undefined ? undefined : new Date(now.getTime() + expiresInDays * DAY_MS);
    return toTokenResponse(await this.users.createToken(actor, { ...input, expiresAt }));
  }

  async listTokens(actor: Actor, userId: number | undefined): Promise<TokenInfoResponse[]> {
    return (await this.users.listTokens(actor, userId)).map(toTokenInfoResponse);
  }

  async revokeToken(actor: Actor, tokenId: number): Promise<void> {
    await this.users.revokeToken(actor, tokenId);
  }

  async me(actor: Actor): Promise<MeResponse> {
    // A member user's member list holds exactly its own member.
    const member =
      actor.memberId === null
        ? undefined
        : (await this.members.list(actor, { limit: 1, offset: 0 })).items[0];
    return { label: actor.label, userId: actor.userId, role: actor.role, memberAsn: member?.asn ?? null };
  }
}
