import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import { RateLimitStore } from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
import { clientKey } from '../common/client-key.js';

interface ClientRequest {
  ip?: string;
  socket?: { remoteAddress?: string };
}

/**
 * Per-client rate limit of the looking glass (API and pages): 429 with `Retry-After`. Counted in
 * PostgreSQL, so several `serve` processes share one limit and a restart does not reset it.
 */
@Injectable()
export class LgRateLimitGuard implements CanActivate {
  private readonly perMinute: number;

  constructor(
    @Inject(IXORA_CONFIG) config: IxoraConfig,
    private readonly limits: RateLimitStore,
  ) {
    this.perMinute = config.lgRateLimitPerMinute;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.perMinute <= 0) return true;
    const request = context.switchToHttp().getRequest<ClientRequest>();
    const client = clientKey(request.ip ?? request.socket?.remoteAddress);
    const decision = await this.limits.take('lg', client, this.perMinute);
    if (decision.isAllowed) return true;
    throw new IxoraError(
      'rate_limited',
      `too many looking-glass requests; try again in ${decision.retryAfterSeconds} s`,
      { retryAfterSeconds: decision.retryAfterSeconds },
    );
  }
}
