import { Injectable } from '@nestjs/common';
import { MemberService, UserService, type Actor } from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
import type { LoginBody, MeResponse, TokenBody, TokenResponse } from './auth.schemas.js';
import { LoginThrottle } from './login.throttle.js';
import { toTokenResponse } from './auth.mapper.js';

/** HTTP sign-in: a password login hands out an API token, so every later request uses Bearer. */
@Injectable()
export class AuthService {
  /** Guessing one account's password, and guessing many accounts' from one address. */
  private readonly perAccount = new LoginThrottle({ maxFailures: 10, windowMs: 15 * 60_000 });
  private readonly perAddress = new LoginThrottle({ maxFailures: 100, windowMs: 15 * 60_000 });

  constructor(
    private readonly users: UserService,
    private readonly members: MemberService,
  ) {}

  async login(body: LoginBody, clientAddress: string | undefined, now = new Date()): Promise<TokenResponse> {
    const account = [body.email.toLowerCase()];
    const address = [clientAddress ?? 'unknown'];
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
    return toTokenResponse(await this.users.createToken(actor, { name: `login ${stamp}` }));
  }

  async createToken(actor: Actor, body: TokenBody): Promise<TokenResponse> {
    return toTokenResponse(await this.users.createToken(actor, body));
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
