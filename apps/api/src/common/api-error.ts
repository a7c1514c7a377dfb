import { HttpException } from '@nestjs/common';
import { describePostgresError } from '@ixora/database';
import { formatValue, IxoraError, type IxoraErrorCode } from '@ixora/errors';

/** The one error shape of the API (stable: clients match on `code`, people read `message`). */
export interface ApiErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly status: number;
    readonly field?: string;
    readonly value?: unknown;
  };
}

const STATUS_OF: Record<IxoraErrorCode, number> = {
  invalid_value: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  payload_too_large: 413,
  upstream_failed: 502,
  internal: 500,
};

const CODE_OF_STATUS: Record<number, string> = {
  400: 'invalid_value',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** JSON cannot carry bigint or undefined; values are echoed so a client sees what it sent. */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return null;
  return value;
}

/** Fields whose value is never echoed, not even in the message. */
const SECRET_FIELD = /password|secret|token|md5/i;
const MAX_ECHO_CHARS = 64;
const MAX_MESSAGE_CHARS = 300;

function excerpt(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** What is echoed of a bad value: itself when short, else a short excerpt of its text (never the whole body). */
function echoOf(value: unknown): unknown {
  const safe = jsonSafe(value);
  if (typeof safe === 'string') return excerpt(safe, MAX_ECHO_CHARS);
  if (safe === null || typeof safe !== 'object') return safe;
  let text: string;
  try {
    text = JSON.stringify(safe);
  } catch {
    return '[value]';
  }
  return text.length > MAX_ECHO_CHARS ? excerpt(text, MAX_ECHO_CHARS) : safe;
}

function fromIxoraError(error: IxoraError): ApiErrorBody {
  const { field, value } = error.details;
  const isSecret = field !== undefined && SECRET_FIELD.test(field);
  let message = error.message;
  if (isSecret && 'value' in error.details) message = message.replace(formatValue(value), '(hidden)');
  return {
    error: {
      code: error.code,
      message: excerpt(message, MAX_MESSAGE_CHARS),
      status: STATUS_OF[error.code] ?? 500,
      ...(field === undefined ? {} : { field }),
      ...('value' in error.details && !isSecret ? { value: echoOf(value) } : {}),
    },
  };
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * Maps anything thrown while handling a request to the API error shape. Unknown errors become a
 * bare 500: their message and stack may hold internals, so they go to the log only.
 */
export function toApiError(exception: unknown): { body: ApiErrorBody; isUnexpected: boolean } {
  if (exception instanceof IxoraError)
    return { body: fromIxoraError(exception), isUnexpected: exception.code === 'internal' };
  const fromDatabase = describePostgresError(exception);
  if (fromDatabase) return { body: fromIxoraError(fromDatabase), isUnexpected: false };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = CODE_OF_STATUS[status] ?? (status >= 500 ? 'internal' : 'invalid_value');
    const message = status >= 500 ? 'internal error' : httpMessage(exception);
    return { body: { error: { code, message, status } }, isUnexpected: status >= 500 };
  }
  // body-parser errors (malformed JSON, body too large) carry an HTTP status of their own.
  const status = (exception as { status?: unknown; type?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = CODE_OF_STATUS[status] ?? 'invalid_value';
    const message = (exception as { expose?: boolean; message?: string }).expose
      ? String((exception as Error).message)
      : code;
    return { body: { error: { code, message, status } }, isUnexpected: false };
  }
  return {
    body: { error: { code: 'internal', message: 'internal error', status: 500 } },
    isUnexpected: true,
  };
}
