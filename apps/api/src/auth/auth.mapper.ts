import type { ApiToken } from '@ixora/domain';
import type { TokenInfoResponse, TokenResponse } from './auth.schemas.js';

export function toTokenInfoResponse(t: ApiToken): TokenInfoResponse {
  return {
    id: t.id,
    name: t.name,
    userId: t.userId,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export function toTokenResponse({ token, apiToken }: { token: string; apiToken: ApiToken }): TokenResponse {
  return { token, ...toTokenInfoResponse(apiToken) };
}
