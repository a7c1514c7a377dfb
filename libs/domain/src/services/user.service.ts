import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import argon2 from 'argon2';
import { DataSource, In, IsNull } from 'typeorm';
import { IXORA_CLOCK, systemClock, type Clock } from '@ixora/config';
import { conflict, invalidValue, IxoraError, notFound } from '@ixora/errors';
import { Member } from '../entities/member.entity.js';
import { ApiToken, User, USER_ROLES, type UserRole } from '../entities/user.entity.js';
import { requireAdmin, type Actor } from './actor.js';
import { writeAudit } from './audit.writer.js';
import { parseAsn, parseId } from './validate.js';

export interface UserInput {
  email?: unknown;
  role?: unknown;
  memberAsn?: unknown;
  password?: unknown;
}

/** Token format: `ixora_<prefix>_<secret>`; the prefix finds the row, the secret is only stored hashed. */
const TOKEN = /^ixora_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** How precisely a token's `lastUsedAt` follows its use. */
const LAST_USED_PRECISION_MS = 60_000;

function hashSecret(secret: string): string {
  // API token secrets are 256 random bits, so a fast hash is enough; passwords use argon2id.
  return createHash('sha256').update(secret).digest('hex');
}

let dummyHash: Promise<string> | undefined;
function timingDummyHash(): Promise<string> {
  dummyHash ??= argon2.hash(randomBytes(16).toString('hex'), { type: argon2.argon2id });
  return dummyHash;
}

export function actorOf(user: User, via: 'user' | 'token', tokenName?: string): Actor {
  return {
    label: via === 'token' ? `token:${tokenName}(${user.email})` : `user:${user.email}`,
    userId: user.id,
    role: user.role,
    memberId: user.memberId,
  };
}

@Injectable()
export class UserService {
  constructor(
    private readonly dataSource: DataSource,
    /** Judges token expiry; tests move it instead of waiting for the calendar. */
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  /** Staff add anyone; a member_admin adds users of its own member only. */
  async add(actor: Actor, input: UserInput): Promise<User> {
    if (typeof input.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email)) {
      throw invalidValue('email', input.email, 'is not an e-mail address');
    }
    const email = input.email.toLowerCase();
    if (typeof input.role !== 'string' || !USER_ROLES.includes(input.role as UserRole)) {
      throw invalidValue('role', input.role, `must be one of ${USER_ROLES.join(', ')}`);
    }
    const role = input.role as UserRole;
    if (input.password !== undefined && (typeof input.password !== 'string' || input.password.length < 12)) {
      throw invalidValue('password', '[hidden]', 'must be at least 12 characters');
    }
    return this.dataSource.transaction(async (tx) => {
      let memberId: number | null = null;
      if (role === 'admin') {
        if (input.memberAsn !== undefined)
          throw invalidValue('member', input.memberAsn, 'must not be set for an admin');
      } else {
        if (input.memberAsn === undefined)
          throw invalidValue('member', undefined, `is required for role ${role}`);
        const asn = parseAsn(input.memberAsn, 'member');
        const member = await tx.findOneBy(Member, { asn });
        if (!member) throw invalidValue('member', input.memberAsn, 'is not a member');
        memberId = member.id;
      }
      if (actor.role !== 'admin') {
        if (actor.role !== 'member_admin' || role === 'admin' || memberId !== actor.memberId) {
          throw new IxoraError('forbidden', 'a member_admin adds users of its own member only');
        }
      }
      if (await tx.findOneBy(User, { email }))
        throw conflict(`user ${email} already exists`, { field: 'email', value: email });
      const passwordHash =
        typeof input.password === 'string'
          ? await argon2.hash(input.password, { type: argon2.argon2id })
          : null;
      const saved = await tx.save(tx.create(User, { email, role, memberId, passwordHash }));
      await writeAudit(tx, actor, 'user.create', 'user', saved.id, null, saved);
      return saved;
    });
  }

  async list(actor: Actor): Promise<User[]> {
    if (actor.role === 'admin') return this.dataSource.manager.find(User, { order: { id: 'ASC' } });
    if (actor.role !== 'member_admin')
      throw new IxoraError('forbidden', 'listing users needs admin or member_admin');
    return this.dataSource.manager.find(User, {
      where: { memberId: actor.memberId ?? -1 },
      order: { id: 'ASC' },
    });
  }

  /**
   * Disables a user (or enables it again): a disabled user's password stops working at once and
   * its API tokens are revoked, so enabling it again does not bring them back. Staff for anyone; a member_admin for the users of its own member. The last enabled
   * admin cannot be disabled, so the exchange is never locked out of its own platform.
   */
  async setDisabled(actor: Actor, who: unknown, isDisabled: boolean): Promise<User> {
    if (actor.role !== 'admin' && actor.role !== 'member_admin')
      throw new IxoraError('forbidden', 'disabling users needs admin or member_admin');
    return this.dataSource.transaction(async (tx) => {
      const user =
        typeof who === 'string' && who.includes('@')
          ? await tx.findOneBy(User, { email: who.toLowerCase() })
          : await tx.findOneBy(User, { id: parseId(who) });
      const visible =
        user !== null &&
        (actor.role === 'admin' ||
          (actor.role === 'member_admin' && user.memberId !== null && user.memberId === actor.memberId));
      if (!visible) throw notFound('user', who);
      if (user.isDisabled === isDisabled) return user;
      if (isDisabled && user.role === 'admin') {
        // Locked, so two admins disabling each other at once cannot both pass this check.
        const admins = await tx.query<unknown[]>(
          `SELECT id FROM app_user WHERE role = 'admin' AND NOT is_disabled FOR UPDATE`,
        );
        if (admins.length <= 1)
          throw invalidValue('user', user.email, 'is the last enabled admin and cannot be disabled');
      }
      const before = { ...user };
      user.isDisabled = isDisabled;
      const saved = await tx.save(user);
      if (isDisabled) {
        const revoked = await tx.update(
          ApiToken,
          { userId: user.id, revokedAt: IsNull() },
          { revokedAt: new Date() },
        );
        if (revoked.affected)
          await writeAudit(tx, actor, 'api_token.revoke_all', 'user', saved.id, null, {
            revokedTokens: revoked.affected,
          });
      }
      await writeAudit(
        tx,
        actor,
        isDisabled ? 'user.disable' : 'user.enable',
        'user',
        saved.id,
        before,
        saved,
      );
      return saved;
    });
  }

  /** Creates an API token for the actor's own user (or, for staff, any user); the token is shown once. */
  async createToken(
    actor: Actor,
    input: { name?: unknown; userId?: unknown; expiresAt?: unknown },
  ): Promise<{ token: string; apiToken: ApiToken }> {
    if (typeof input.name !== 'string' || !/^[\w .:-]{1,64}$/.test(input.name)) {
      throw invalidValue('name', input.name, 'must be 1-64 letters, digits, spaces, "_", ".", ":" or "-"');
    }
    const userId = input.userId === undefined ? actor.userId : parseId(input.userId, 'userId');
    if (userId === null) throw invalidValue('userId', input.userId, 'is required');
    if (userId !== actor.userId) requireAdmin(actor);
    if (
      input.expiresAt !== undefined &&
      !(input.expiresAt instanceof Date && input.expiresAt.getTime() > this.clock.now().getTime())
    ) {
      throw invalidValue('expiresAt', input.expiresAt, 'must be a time in the future');
    }
    const expiresAt = input.expiresAt ?? null;
    const name = input.name;
    return this.dataSource.transaction(async (tx) => {
      const user = await tx.findOneBy(User, { id: userId });
      if (!user) throw notFound('user', userId);
      const prefix = randomBytes(6).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const apiToken = await tx.save(
        tx.create(ApiToken, {
          userId: user.id,
          name,
          tokenPrefix: prefix,
          tokenHash: hashSecret(secret),
          // The same clock as the expiry, so the lifetime shown is the one judged.
          createdAt: this.clock.now(),
          expiresAt,
        }),
      );
      await writeAudit(tx, actor, 'api_token.create', 'api_token', apiToken.id, null, apiToken);
      return { token: `ixora_${prefix}_${secret}`, apiToken };
    });
  }

  /** The tokens of the actor's own user (staff: of any user), newest first; never the secrets. */
  async listTokens(actor: Actor, userIdInput?: unknown): Promise<ApiToken[]> {
    const userId = userIdInput === undefined ? actor.userId : parseId(userIdInput, 'userId');
    if (userId === null) throw invalidValue('userId', userIdInput ?? null, 'is required');
    if (userId !== actor.userId) requireAdmin(actor);
    return this.dataSource.manager.find(ApiToken, { where: { userId }, order: { id: 'DESC' } });
  }

  /**
   * The users of the actor's own member and their API tokens (never the secrets), for any of the
   * member's users; staff have the user list instead.
   */
  async memberAccounts(actor: Actor): Promise<{ users: User[]; tokens: ApiToken[] }> {
    if (actor.role === 'admin' || actor.memberId === null)
      throw new IxoraError('forbidden', "a member's accounts are listed for its own users");
    const users = await this.dataSource.manager.find(User, {
      where: { memberId: actor.memberId },
      order: { email: 'ASC' },
    });
    const tokens =
      users.length === 0
        ? []
        : await this.dataSource.manager.find(ApiToken, {
            where: { userId: In(users.map((user) => user.id)) },
            order: { id: 'DESC' },
          });
    return { users, tokens };
  }

  /**
   * Revokes one of the actor's own tokens; a member_admin also those of its member's users, staff
   * anyone's. Any other token answers "not found".
   */
  async revokeToken(actor: Actor, tokenIdInput: unknown): Promise<ApiToken> {
    const tokenId = parseId(tokenIdInput);
    return this.dataSource.transaction(async (tx) => {
      const token = await tx.findOneBy(ApiToken, { id: tokenId });
      const owner = token && (await tx.findOneBy(User, { id: token.userId }));
      const mayRevoke =
        token !== null &&
        (token.userId === actor.userId ||
          actor.role === 'admin' ||
          (actor.role === 'member_admin' && actor.memberId !== null && owner?.memberId === actor.memberId));
      if (!token || !mayRevoke) throw notFound('api token', tokenId);
      if (token.revokedAt) return token;
      const before = { ...token };
      token.revokedAt = this.clock.now();
      const saved = await tx.save(token);
      await writeAudit(tx, actor, 'api_token.revoke', 'api_token', saved.id, before, saved);
      return saved;
    });
  }

  /**
   * Whether a user may act at all: enabled, and staff or a user of an active member. A member
   * that is onboarding, suspended or has left gives its users no access (sign-in, tokens, every
   * request), so a departed network cannot change data or add users.
   */
  async mayAct(user: User): Promise<boolean> {
    if (user.isDisabled) return false;
    if (user.memberId === null) return true;
    const member = await this.dataSource.manager.findOneBy(Member, { id: user.memberId });
    return member?.status === 'active';
  }

  async authenticateToken(token: string): Promise<Actor | null> {
    const match = TOKEN.exec(token);
    if (!match) return null;
    const [, prefix, secret] = match as unknown as [string, string, string];
    const row = await this.dataSource.manager.findOneBy(ApiToken, {
      tokenPrefix: prefix,
      revokedAt: IsNull(),
    });
    if (!row) return null;
    const expected = Buffer.from(row.tokenHash, 'hex');
    const actual = Buffer.from(hashSecret(secret), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
    if (row.expiresAt && row.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    const user = await this.dataSource.manager.findOneBy(User, { id: row.userId, isDisabled: false });
    if (!user || !(await this.mayAct(user))) return null;
    // At most one write a minute per token: a token that many requests use at once (a script, the
    // load benchmark) would otherwise queue each of them behind the lock on its row.
    const now = this.clock.now();
    if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS)
      await this.dataSource.manager.update(ApiToken, { id: row.id }, { lastUsedAt: now });
    return actorOf(user, 'token', row.name);
  }

  async authenticatePassword(email: string, password: string): Promise<Actor | null> {
    const user = await this.dataSource.manager.findOneBy(User, {
      email: email.toLowerCase(),
      isDisabled: false,
    });
    if (!user?.passwordHash) {
      // Spend the same argon2id work as for a real user, so the answer time does not tell which e-mails exist.
      await argon2.verify(await timingDummyHash(), password);
      return null;
    }
    if (!(await argon2.verify(user.passwordHash, password))) return null;
    if (!(await this.mayAct(user))) return null;
    return actorOf(user, 'user');
  }
}
