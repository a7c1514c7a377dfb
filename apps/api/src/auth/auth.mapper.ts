import type { ApiToken } from '@ixora/domain';
import type { TokenResponse } from './auth.schemas.js';

export function toTokenResponse({ token, apiToken }: { token: string; apiToken: ApiToken }): TokenResponse {
  return {
    token,
    id: apiToken.id,
    name: apiToken.name,
    userId: apiToken.userId,
    createdAt: apiToken.createdAt.toISOString(),
  };
}
