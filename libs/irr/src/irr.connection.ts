import net from 'node:net';
import { IrrAnswerReader, IrrProtocolViolation, type IrrAnswer } from './irr-answer.reader.js';
import type { IrrClientOptions } from './irr-client.options.js';
import { IrrQueryError } from './irr.errors.js';

interface Pending {
  readonly line: string;
  /** Internal `!s` switches resolve nothing for the caller. */
  readonly resolve: (answer: IrrAnswer) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One persistent (`!!`) connection. Queries are written ahead (pipelined, up to `pipelineDepth`)
 * and answered strictly in order, so a FIFO matches answers to queries. The selected sources are
 * connection state: a query for other sources is preceded by `!s` on the wire.
 */
export class IrrConnection {
  private readonly socket: net.Socket;
  private readonly reader: IrrAnswerReader;
  private readonly inFlight: Pending[] = [];
  private readonly backlog: Pending[] = [];
  private selected: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failure: Error | undefined;
  readonly ready: Promise<void>;

  constructor(
    private readonly options: IrrClientOptions,
    private readonly onClosed: (connection: IrrConnection) => void,
  ) {
    this.reader = new IrrAnswerReader(options.maxAnswerBytes);
    this.socket = net.connect({ host: options.host, port: options.port });
    this.socket.setNoDelay(true);
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          new IrrQueryError(
            `IRR server ${this.label} did not accept a connection within ${options.connectTimeoutMs} ms`,
            '',
            true,
          ),
        );
      }, options.connectTimeoutMs);
      this.socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.once('close', () => {
        clearTimeout(timer);
        reject(this.failure ?? new IrrQueryError(`IRR server ${this.label} closed the connection`, '', true));
      });
    });
    this.ready.catch(() => undefined);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) =>
      this.fail(new IrrQueryError(`IRR server ${this.label}: ${error.message}`, '', true, { cause: error })),
    );
    this.socket.on('close', () => {
      this.fail(new IrrQueryError(`IRR server ${this.label} closed the connection`, '', true));
      this.onClosed(this);
    });
    // Persistent mode, then our name; `!!` has no answer, `!n` answers C.
    this.socket.write('!!\n');
    this.enqueue(
      `!n${options.clientName}`,
      () => undefined,
      () => undefined,
    );
  }

  get label(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  get load(): number {
    return this.inFlight.length + this.backlog.length;
  }

  get isUsable(): boolean {
    return this.failure === undefined;
  }

  /** Enqueues synchronously (writes before the connection is up are buffered by the socket). */
  query(line: string, sources: readonly string[]): Promise<IrrAnswer> {
    return new Promise<IrrAnswer>((resolve, reject) => {
      const wanted = sources.join(',');
      let refusal: string | undefined;
      if (wanted !== '' && wanted !== this.selected) {
        this.selected = wanted;
        this.enqueue(
          `!s${wanted}`,
          (answer) => {
            if (answer.kind !== 'error') return;
            // The server kept its previous selection: the query must not run against it.
            this.selected = undefined;
            refusal = answer.message;
          },
          () => undefined,
        );
      }
      this.enqueue(
        line,
        (answer) => {
          if (refusal === undefined) resolve(answer);
          else resolve({ kind: 'error', message: `source selection !s${wanted} refused: ${refusal}` });
        },
        reject,
      );
    });
  }

  close(): void {
    if (this.failure === undefined && this.inFlight.length === 0) this.socket.write('!q\n');
    this.failure ??= new IrrQueryError('IRR client closed', '', false);
    this.socket.end();
    this.socket.destroy();
  }

  private enqueue(line: string, resolve: Pending['resolve'], reject: Pending['reject']): void {
    if (this.failure) {
      reject(this.failure);
      return;
    }
    const pending = { line, resolve, reject };
    if (this.inFlight.length < this.options.pipelineDepth) this.write(pending);
    else this.backlog.push(pending);
  }

  private write(pending: Pending): void {
    this.inFlight.push(pending);
    this.socket.write(`${pending.line}\n`);
    this.armTimer();
  }

  private onData(chunk: Buffer): void {
    let answers: IrrAnswer[];
    try {
      answers = this.reader.feed(chunk);
    } catch (error) {
      const reason = error instanceof IrrProtocolViolation ? error.message : String(error);
      this.fail(
        new IrrQueryError(
          `IRR server ${this.label} sent a malformed answer: ${reason}`,
          this.inFlight[0]?.line ?? '',
          true,
        ),
      );
      return;
    }
    for (const answer of answers) {
      const pending = this.inFlight.shift();
      if (!pending) {
        this.fail(new IrrQueryError(`IRR server ${this.label} sent an answer nobody asked for`, '', true));
        return;
      }
      pending.resolve(answer);
      const next = this.backlog.shift();
      if (next) this.write(next);
    }
    this.armTimer();
  }

  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight.length === 0 || this.failure) return;
    this.timer = setTimeout(() => {
      const line = this.inFlight[0]?.line ?? '';
      this.fail(
        new IrrQueryError(
          `IRR server ${this.label} sent nothing for ${this.options.queryTimeoutMs} ms (query ${line})`,
          line,
          true,
        ),
      );
    }, this.options.queryTimeoutMs);
  }

  private fail(error: Error): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.failure === undefined) this.failure = error;
    const waiting = [...this.inFlight.splice(0), ...this.backlog.splice(0)];
    for (const pending of waiting) pending.reject(this.failure);
    if (!this.socket.destroyed) this.socket.destroy();
  }
}
