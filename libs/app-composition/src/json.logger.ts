import type { LoggerService, LogLevel } from '@nestjs/common';
import type { IxoraConfig } from '@ixora/config';

const REDACTED = '[redacted]';

/** Secrets that look alike wherever they come from: API tokens, bearer headers, URL passwords, `password=…`. */
const SECRET_SHAPES: readonly [RegExp, string][] = [
  [/ixora_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/g, `ixora_${REDACTED}`],
  [/\b(Bearer|Api-Key)\s+\S+/gi, `$1 ${REDACTED}`],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi, `$1:${REDACTED}@`],
  [/\b(password|passwd|secret|token)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, `$1$2${REDACTED}`],
];

/** The configured secrets, so that a value logged in any shape is redacted too. */
export function configuredSecrets(config: IxoraConfig): string[] {
  const password = config.databaseUrl ? decodeURIComponent(new URL(config.databaseUrl).password) : '';
  const smtpPassword = config.smtpUrl ? decodeURIComponent(new URL(config.smtpUrl).password) : '';
  return [
    password,
    smtpPassword,
    config.peeringdbApiKey,
    config.agentToken,
    config.metricsToken,
    config.sessionSecret,
    ...config.agentTokens.values(),
  ].filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  for (const [shape, replacement] of SECRET_SHAPES) out = out.replace(shape, replacement);
  return out;
}

/**
 * `LOG_FORMAT=json`: one JSON object per log event on one line (`time`, `level`, `context`,
 * `message`, `stack` for errors), every known secret and anything shaped like one redacted.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly secrets: readonly string[],
    private readonly levels: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log'],
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('fatal', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.levels.includes(level)) return;
    // Nest passes the context last; an error's stack comes before it.
    const params = [...rest];
    const context =
      params.length > 0 && typeof params[params.length - 1] === 'string' ? params.pop() : undefined;
    const stack =
      level === 'error' || level === 'fatal' ? params.find((p) => typeof p === 'string') : undefined;
    const text =
      message instanceof Error
        ? message.message
        : typeof message === 'string'
          ? message
          : JSON.stringify(message);
    const event: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      ...(context === undefined ? {} : { context }),
      message: redact(text, this.secrets),
      ...(stack === undefined ? {} : { stack: redact(stack, this.secrets) }),
      ...(message instanceof Error && message.stack ? { stack: redact(message.stack, this.secrets) } : {}),
    };
    // JSON.stringify escapes newlines: one event is always one line.
    this.write(`${JSON.stringify(event)}\n`);
  }
}
