import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor, UserRole } from '@ixora/domain';
import { apiErrorSchema } from '../common/error.schema.js';

export const IS_PUBLIC = 'ixora:isPublic';
export const ROLES = 'ixora:roles';

/** Opens a route to anyone. Every other route needs a valid API token (see `AuthGuard`). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Limits a route to these roles (the services check member scoping on top). */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROLES, roles),
    ApiForbiddenResponse({ description: `needs role ${roles.join(' or ')}`, standardSchema: apiErrorSchema }),
  );

/** Marks a controller as token-protected in the OpenAPI document. */
export const Authenticated = (): ClassDecorator =>
  applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description: 'no token, or a wrong, revoked or expired one',
      standardSchema: apiErrorSchema,
    }),
  );

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  actor?: Actor;
}

/** The `Actor` the guard authenticated; passed on to the services, which scope by it. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without an authenticated actor');
  return actor;
});
