import { StringDecoder } from 'node:string_decoder';
import type { Socket } from 'node:net';
import { BirdError } from './bird.errors.js';

/**
 * One line of a BIRD control-socket reply (BIRD 2 user guide, "Remote control"):
 * `CODE-text` continues the reply, `CODE text` is its last line, and a line starting with a space
 * continues the previous line's code (BIRD leaves the code out when it repeats).
 */
export interface BirdReplyLine {
  readonly code: number;
  readonly text: string;
  readonly isFinal: boolean;
}

/** A spontaneous `+text` line (log output after `echo`, filter runtime messages). Not part of a reply. */
export interface BirdAsyncLine {
  readonly async: string;
}

const CODE_LINE = /^(\d{4})([ -])/;

/**
 * Turns raw lines into reply lines. Stateful only in the code that a continuation line inherits,
 * which resets after every final line so a continuation cannot leak into the next reply.
 */
export class BirdReplyFramer {
  private previousCode: number | undefined;

  frame(line: string): BirdReplyLine | BirdAsyncLine {
    const match = CODE_LINE.exec(line);
    if (match) {
      const code = Number(match[1]);
      const isFinal = match[2] === ' ';
      this.previousCode = isFinal ? undefined : code;
      return { code, text: line.slice(5), isFinal };
    }
    if (line.startsWith('+')) return { async: line.slice(1) };
    if (line.startsWith(' ') && this.previousCode !== undefined) {
      return { code: this.previousCode, text: line.slice(1), isFinal: false };
    }
    throw new BirdError('protocol', `unexpected line from BIRD: ${JSON.stringify(line.slice(0, 120))}`);
  }
}

export function isAsyncLine(line: BirdReplyLine | BirdAsyncLine): line is BirdAsyncLine {
  return 'async' in line;
}

export interface LineSourceOptions {
  /** A line longer than this is a protocol error (BIRD wraps its long lines, see community lists). */
  readonly maxLineLength?: number;
  /** Pause the socket when this many lines wait unread, so a huge table is never held in memory. Default 4,096. */
  readonly highWaterLines?: number;
}

/**
 * Splits a socket's bytes into lines as they arrive and hands them out in batches (one promise
 * per batch, not per line: a 500,000-route table is millions of lines), with backpressure: the
 * socket is paused while `highWaterLines` lines wait unread, and resumed when they are taken.
 */
export class SocketLineSource {
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxLineLength: number;
  private readonly highWaterLines: number;
  private lines: string[] = [];
  private partial = '';
  private failure: Error | undefined;
  private isEnded = false;
  private waiter: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(
    private readonly socket: Socket,
    options: LineSourceOptions = {},
  ) {
    this.maxLineLength = options.maxLineLength ?? 65_536;
    this.highWaterLines = options.highWaterLines ?? 4_096;
    socket.on('data', (chunk: Buffer) => this.push(this.decoder.write(chunk)));
    socket.on('end', () => this.end(new BirdError('closed', 'BIRD closed the control socket')));
    socket.on('close', () => this.end(new BirdError('closed', 'the control socket is closed')));
    socket.on('error', (error) =>
      this.end(
        new BirdError('closed', `control socket error: ${error.message}`, undefined, undefined, {
          cause: error,
        }),
      ),
    );
  }

  /** Every line received and not yet read (at least one), waiting at most `timeoutMs` for the first. */
  async readLines(timeoutMs: number): Promise<string[]> {
    if (this.lines.length === 0) await this.waitForLine(timeoutMs);
    const batch = this.lines;
    this.lines = [];
    if (this.socket.isPaused()) this.socket.resume();
    return batch;
  }

  /** Puts lines read too far back in front, for the next reader (a reply ends inside a batch). */
  unread(lines: readonly string[]): void {
    if (lines.length > 0) this.lines = [...lines, ...this.lines];
  }

  private waitForLine(timeoutMs: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiter) return Promise.reject(new BirdError('busy', 'two readers on one BIRD connection'));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new BirdError('timeout', `BIRD sent nothing for ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  private push(text: string): void {
    if (this.failure) return;
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const line = this.partial + text.slice(start, end);
      this.partial = '';
      start = end + 1;
      this.deliver(line);
    }
    this.partial += text.slice(start);
    if (this.partial.length > this.maxLineLength) {
      this.fail(new BirdError('protocol', `BIRD sent a line longer than ${this.maxLineLength} characters`));
      this.socket.destroy();
    }
  }

  private deliver(line: string): void {
    this.lines.push(line);
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve();
    }
    if (this.lines.length >= this.highWaterLines) this.socket.pause();
  }

  private end(error: BirdError): void {
    if (this.isEnded) return;
    this.isEnded = true;
    this.fail(error);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    if (this.waiter) {
      const { reject } = this.waiter;
      this.waiter = undefined;
      reject(error);
    }
  }
}
