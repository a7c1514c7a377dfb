import { IxoraError } from '@ixora/errors';

/** Why a query failed; `retryable` failures are retried by the client before they reach callers. */
export class IrrQueryError extends IxoraError {
  constructor(
    message: string,
    readonly query: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super('upstream_failed', message, { value: query }, options);
  }
}
