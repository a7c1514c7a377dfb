import { createConnection, type Socket } from 'node:net';
import { BirdError } from './bird.errors.js';
import { BirdReplyFramer, isAsyncLine, SocketLineSource, type BirdReplyLine } from './bird-reply.reader.js';
import { restrictCommand, type BirdCommand } from './bird-command.builder.js';

export interface BirdConnectionOptions {
  /** Connect timeout, and the longest BIRD may stay silent while we wait for a reply line. Default 10 s. */
  readonly timeoutMs?: number;
  /**
   * Send `restrict` after the greeting: BIRD then refuses every command that changes state
   * (`8007 Access denied`). Use it for read-only connections such as the looking glass.
   */
  readonly restricted?: boolean;
  /** Receives spontaneous `+…` lines (log output after `echo`, filter runtime messages). */
  readonly onAsyncMessage?: (text: string) => void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const HELLO = 1;
const RESTRICTED = 16;

/**
 * One connection to BIRD's control socket. Commands run strictly one at a time: BIRD answers
 * pipelined commands in order, but a reply has no command id, so a second command is only sent
 * after the first reply's final line has been read. A reply abandoned half-way closes the
 * connection (reading the rest of a 500,000-route table to reuse it would cost more).
 */
export class BirdConnection {
  private readonly framer = new BirdReplyFramer();
  private tail: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly lines: SocketLineSource,
    private readonly timeoutMs: number,
    private readonly onAsyncMessage: ((text: string) => void) | undefined,
    /** From the greeting `0001 BIRD 2.0.12 ready.` */
    readonly version: string,
  ) {
    socket.on('close', () => {
      this.failure ??= new BirdError('closed', 'the control socket is closed');
    });
  }

  static async open(socketPath: string, options: BirdConnectionOptions = {}): Promise<BirdConnection> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const socket = createConnection({ path: socketPath });
    const lines = new SocketLineSource(socket);
    try {
      await waitForConnect(socket, socketPath, timeoutMs);
      const [first, ...more] = await lines.readLines(timeoutMs);
      if (more.length > 0)
        throw new BirdError('protocol', `BIRD at ${socketPath} sent more than its greeting`);
      const hello = new BirdReplyFramer().frame(first ?? '');
      if (isAsyncLine(hello) || hello.code !== HELLO || !hello.isFinal) {
        throw new BirdError(
          'protocol',
          `unexpected greeting from BIRD at ${socketPath}: ${JSON.stringify(hello)}`,
        );
      }
      const version = /BIRD (\S+)/.exec(hello.text)?.[1] ?? 'unknown';
      const connection = new BirdConnection(socket, lines, timeoutMs, options.onAsyncMessage, version);
      if (options.restricted) {
        const reply = await connection.send(restrictCommand());
        const final = reply[reply.length - 1];
        if (final?.code !== RESTRICTED)
          throw new BirdError('protocol', `BIRD did not restrict the connection: ${JSON.stringify(final)}`);
      }
      return connection;
    } catch (error) {
      socket.destroy();
      throw error;
    }
  }

  /** False once the socket closed or a reply went wrong; a pool then replaces the connection. */
  get isUsable(): boolean {
    return this.failure === undefined && !this.socket.destroyed;
  }

  /**
   * Sends one command and yields its reply lines as they arrive, in batches, the final line last.
   * Replies with 8xxx/9xxx codes are yielded like any other; the caller decides what they mean.
   */
  async *exchange(command: BirdCommand): AsyncGenerator<readonly BirdReplyLine[], void, undefined> {
    const release = await this.acquire();
    let isComplete = false;
    try {
      if (this.failure) throw this.failure;
      this.socket.write(`${command.text}\n`);
      while (!isComplete) {
        const batch: BirdReplyLine[] = [];
        const raws = await this.lines.readLines(this.timeoutMs);
        for (let index = 0; index < raws.length && !isComplete; index += 1) {
          const line = this.framer.frame(raws[index] as string);
          if (isAsyncLine(line)) this.onAsyncMessage?.(line.async);
          else {
            batch.push(line);
            isComplete = line.isFinal;
            // Whatever follows the final line (a `+` message) belongs to the time after this reply.
            if (isComplete) this.lines.unread(raws.slice(index + 1));
          }
        }
        if (batch.length > 0) yield batch;
      }
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new BirdError('protocol', String(error));
      throw withCommand(error, command);
    } finally {
      if (!isComplete)
        this.destroy(
          new BirdError('closed', `reply to ${JSON.stringify(command.text)} was not read to its end`),
        );
      release();
    }
  }

  /** Sends one command and returns its whole reply; for replies known to be small. */
  async send(command: BirdCommand): Promise<BirdReplyLine[]> {
    const reply: BirdReplyLine[] = [];
    for await (const batch of this.exchange(command)) reply.push(...batch);
    return reply;
  }

  /** Closes the socket; resolves once it is closed. */
  close(): Promise<void> {
    if (this.socket.closed) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.destroy(new BirdError('closed', 'the connection was closed'));
    return closed;
  }

  private destroy(reason: Error): void {
    this.failure ??= reason;
    this.socket.destroy();
  }

  private async acquire(): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    await previous;
    return release;
  }
}

function waitForConnect(socket: Socket, socketPath: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanUp();
      reject(new BirdError('timeout', `no connection to BIRD at ${socketPath} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onConnect = (): void => {
      cleanUp();
      resolve();
    };
    const onError = (error: Error): void => {
      cleanUp();
      reject(
        new BirdError(
          'connect',
          `cannot connect to BIRD at ${socketPath}: ${error.message}`,
          undefined,
          undefined,
          { cause: error },
        ),
      );
    };
    const cleanUp = (): void => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
    };
    socket.once('connect', onConnect);
    socket.once('error', onError);
  });
}

function withCommand(error: unknown, command: BirdCommand): unknown {
  if (error instanceof BirdError && error.command === undefined) {
    return new BirdError(
      error.failure,
      `${error.message} (command ${JSON.stringify(command.text)})`,
      error.birdCode,
      command.text,
      {
        cause: error,
      },
    );
  }
  return error;
}
