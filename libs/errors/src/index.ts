/**
 * One error type for the whole code base. The `code` decides the HTTP status (see the API's
 * exception filter) and the CLI exit message; `field` and `value` name the bad input, so every
 * "bad input" answer says which field and which value.
 */
export type IxoraErrorCode =
  | 'invalid_value'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'payload_too_large'
  | 'upstream_failed'
  | 'validation_failed'
  | 'internal';

export interface IxoraErrorDetails {
  readonly field?: string;
  readonly value?: unknown;
  /**
   * What is wrong with the value, without the field and the value ("is not a MAC address"), so a
   * caller can name the value its own way (a JSON path) without taking the message apart.
   */
  readonly reason?: string;
  readonly [key: string]: unknown;
}

export class IxoraError extends Error {
  override readonly name = 'IxoraError';

  constructor(
    readonly code: IxoraErrorCode,
    message: string,
    readonly details: IxoraErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get field(): string | undefined {
    return this.details.field;
  }

  get reason(): string | undefined {
    return this.details.reason;
  }
}

/** Bad input: names the field and the value it had. */
export function invalidValue(field: string, value: unknown, reason: string): IxoraError {
  return new IxoraError('invalid_value', `${field}: ${formatValue(value)} ${reason}`, {
    field,
    value,
    reason,
  });
}

export function notFound(what: string, key: unknown): IxoraError {
  return new IxoraError('not_found', `${what} ${formatValue(key)} not found`, { value: key });
}

export function conflict(message: string, details: IxoraErrorDetails = {}): IxoraError {
  return new IxoraError('conflict', message, details);
}

export function isIxoraError(error: unknown): error is IxoraError {
  return error instanceof IxoraError;
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
