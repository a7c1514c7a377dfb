import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { OPENAPI_PUBLIC } from '../auth/auth.decorators.js';

const BEARER = 'bearer';

/**
 * The OpenAPI 3 document of the API. Bearer authentication is the document-wide requirement;
 * operations marked `@Public()` get an empty requirement (OpenAPI 3.0 §4.7.10.7) and no 401.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('ixora API')
    .setDescription(
      'Route-server and peering platform for Internet exchange points. Every route needs ' +
        '`Authorization: Bearer ixora_…` unless it is public (health, login, IX-F export): get a token with ' +
        '`POST /api/v1/auth/login` or from staff. Errors are `{ "error": { "code", "message", "status", "field"?, "value"? } }`; ' +
        'lists take `limit`/`offset` and answer `{ items, total, limit, offset }`. A member_admin or member_user sees ' +
        "only its own member; another member's objects answer 404.",
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'an ixora API token: ixora_<prefix>_<secret>' },
      BEARER,
    )
    .addSecurityRequirements(BEARER)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as Record<string, unknown>[]) {
      if (typeof operation !== 'object' || operation === null || !(OPENAPI_PUBLIC in operation)) continue;
      operation.security = [];
      delete (operation.responses as Record<string, unknown>)['401'];
    }
  }
  return document;
}
