import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UserService, type UserRole } from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
import { IS_PUBLIC, ROLES, type AuthenticatedRequest } from './auth.decorators.js';

/** `Authorization: Bearer ixora_…` (RFC 6750 §2.1). */
function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * The global guard: every route needs a valid API token unless it is marked `@Public()`, so a
 * new route is protected by default. `@Roles()` narrows a route to roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UserService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token)
      throw new IxoraError('unauthorized', 'this needs an API token: Authorization: Bearer ixora_…');
    // The request guards authenticated requests with a body already (to choose its size limit).
    const actor = request.actor ?? (await this.users.authenticateToken(token));
    if (!actor) throw new IxoraError('unauthorized', 'the API token is wrong, revoked or expired');
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(actor.role))
      throw new IxoraError('forbidden', `this needs the role ${roles.join(' or ')}`);
    return true;
  }
}
