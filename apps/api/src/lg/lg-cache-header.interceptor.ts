import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';

interface HeaderRequest {
  headers: Record<string, string | string[] | undefined>;
}
interface HeaderResponse {
  setHeader(name: string, value: string): void;
}

/**
 * HTTP caching of looking-glass answers (RFC 9111): public for `LG_CACHE_SECONDS`, private when
 * a token was sent (staff and members may see hidden neighbors), varying by Authorization.
 */
@Injectable()
export class LgCacheHeaderInterceptor implements NestInterceptor {
  constructor(@Inject(IXORA_CONFIG) private readonly config: IxoraConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const hasToken = http.getRequest<HeaderRequest>().headers.authorization !== undefined;
    const response = http.getResponse<HeaderResponse>();
    response.setHeader(
      'Cache-Control',
      `${hasToken ? 'private' : 'public'}, max-age=${this.config.lgCacheSeconds}`,
    );
    response.setHeader('Vary', 'Authorization');
    return next.handle();
  }
}
