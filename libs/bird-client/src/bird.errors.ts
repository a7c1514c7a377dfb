import { IxoraError, type IxoraErrorCode } from '@ixora/errors';

/**
 * Why a BIRD exchange failed. `reply` is BIRD answering with an 8xxx (runtime) or 9xxx (parse)
 * code; the others are the socket or the protocol going wrong on our side of it.
 */
export type BirdFailure = 'reply' | 'connect' | 'timeout' | 'closed' | 'protocol' | 'busy';

/**
 * An error from talking to BIRD. It is an `IxoraError` (code `upstream_failed`, or `not_found`
 * for BIRD's own "not found" answers), so the API's exception filter maps it like any other.
 */
export class BirdError extends IxoraError {
  constructor(
    readonly failure: BirdFailure,
    message: string,
    readonly birdCode?: number,
    readonly command?: string,
    options?: { cause?: unknown; code?: IxoraErrorCode },
  ) {
    super(options?.code ?? 'upstream_failed', message, { birdCode, command, failure }, options);
  }
}

/** BIRD answered the command with an error reply (8xxx runtime error, 9xxx parse error). */
export function birdReplyError(birdCode: number, text: string, command: string): BirdError {
  const isNotFound = birdCode === 8001 || birdCode === 8003;
  return new BirdError(
    'reply',
    `BIRD ${birdCode}: ${text} (command ${JSON.stringify(command)})`,
    birdCode,
    command,
    {
      code: isNotFound ? 'not_found' : 'upstream_failed',
    },
  );
}

export function isBirdError(error: unknown): error is BirdError {
  return error instanceof BirdError;
}
