import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { IxoraError } from '@ixora/errors';
import { toApiError } from './api-error.js';

/** The only exception filter: every error leaves the API as `{ error: { code, message, status, field?, value? } }`. */
/** The part of Express's response this filter uses (the app runs on @nestjs/platform-express). */
interface HttpResponse {
  setHeader(name: string, value: string): void;
  status(code: number): { json(body: unknown): void };
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const { body, isUnexpected } = toApiError(exception);
    if (isUnexpected)
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    // RFC 6750 §3: a 401 names the scheme the client should use.
    if (body.error.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="ixora"');
    // RFC 9110 §10.2.3: a refusal by a rate limit says when to come back.
    const retryAfter = exception instanceof IxoraError ? exception.details.retryAfterSeconds : undefined;
    if (body.error.status === 429 && typeof retryAfter === 'number')
      response.setHeader('Retry-After', String(retryAfter));
    response.status(body.error.status).json(body);
  }
}
