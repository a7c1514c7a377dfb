import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtension,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor, UserRole } from '@ixora/domain';
import { apiErrorSchema } from '../common/error.schema.js';

export const IS_PUBLIC = 'ixora:isPublic';
/** OpenAPI extension on public operations; the document builder drops their security requirement. */
export const OPENAPI_PUBLIC = 'x-public';
export const ROLES = 'ixora:roles';

/** Opens a route to anyone. Every other route needs a valid API token (see `AuthGuard`). */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(OPENAPI_PUBLIC, true));

/** Limits a route to these roles (the services check member scoping on top). */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROLES, roles),
    ApiForbiddenResponse({ description: `needs role ${roles.join(' or ')}`, standardSchema: apiErrorSchema }),
  );

/** Documents the errors every route of a controller may answer (bad input; no or a wrong token). */
export const Authenticated = (): ClassDecorator =>
  applyDecorators(
    ApiBadRequestResponse({
      description: 'bad input: the error names the field and the value',
      standardSchema: apiErrorSchema,
    }),

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
