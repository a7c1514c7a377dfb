import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import { IxoraError } from '@ixora/errors';
import { clientKey } from '../common/client-key.js';
import { LgRateLimiter } from './lg-rate.limiter.js';

interface ClientRequest {
  ip?: string;
  socket?: { remoteAddress?: string };
}

interface HeaderResponse {
  setHeader(name: string, value: string): void;
}

/** Per-client rate limit of the looking glass (API and pages): 429 with `Retry-After`. */
@Injectable()
export class LgRateLimitGuard implements CanActivate {
  private readonly limiter: LgRateLimiter;

  constructor(@Inject(IXORA_CONFIG) config: IxoraConfig) {
    this.limiter = new LgRateLimiter(config.lgRateLimitPerMinute);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.limiter.perMinute <= 0) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<ClientRequest>();
    const client = clientKey(request.ip ?? request.socket?.remoteAddress);
    const decision = this.limiter.take(client);
    if (decision.isAllowed) return true;
    http.getResponse<HeaderResponse>().setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new IxoraError(
      'rate_limited',
      `too many looking-glass requests; try again in ${decision.retryAfterSeconds} s`,
    );
  }
}
