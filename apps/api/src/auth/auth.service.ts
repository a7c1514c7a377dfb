import { Inject, Injectable, Optional } from '@nestjs/common';
import { IXORA_CLOCK, systemClock, type Clock } from '@ixora/config';
import { MemberService, UserService, type Actor } from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
import type { LoginBody, MeResponse, TokenBody, TokenInfoResponse, TokenResponse } from './auth.schemas.js';
import { clientKey } from '../common/client-key.js';
import { LoginThrottle } from './login.throttle.js';
import { toTokenInfoResponse, toTokenResponse } from './auth.mapper.js';

/** A password login gives a working day's token; scripts wanting longer ask for one with POST /auth/tokens. */
export const LOGIN_TOKEN_TTL_MS = 12 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** HTTP sign-in: a password login hands out an API token, so every later request uses Bearer. */
@Injectable()
export class AuthService {
  /** Guessing one account's password, and guessing many accounts' from one address. */
  private readonly perAccount = new LoginThrottle({ maxFailures: 10, windowMs: 15 * 60_000 });
  private readonly perAddress = new LoginThrottle({ maxFailures: 100, windowMs: 15 * 60_000 });

  constructor(
    private readonly users: UserService,
    private readonly members: MemberService,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async login(body: LoginBody, clientAddress: string | undefined): Promise<TokenResponse> {
    const now = this.clock.now();
    const account = [body.email.toLowerCase()];
    const address = [clientKey(clientAddress)];
    this.perAccount.check(account);
    this.perAddress.check(address);
    const actor = await this.users.authenticatePassword(body.email, body.password);
    if (!actor) {
      this.perAccount.recordFailure(account);
      this.perAddress.recordFailure(address);
      throw new IxoraError('unauthorized', 'wrong e-mail or password');
    }
    this.perAccount.recordSuccess(account);
    // Token names allow letters, digits, spaces, "_", "." and "-": `login 2026-11-29 03.14.15`.
    const stamp = now.toISOString().slice(0, 19).replace('T', ' ').replaceAll(':', '.');
    const expiresAt = new Date(now.getTime() + LOGIN_TOKEN_TTL_MS);
    return toTokenResponse(await this.users.createToken(actor, { name: `login ${stamp}`, expiresAt }));
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
