import { createServer, type Server, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';

/** What the fake answers to one command: reply bytes, or a misbehaviour to test the client against. */
export type BirdReplayAnswer = string | { readonly silence: true } | { readonly close: true };

export interface BirdReplayServerOptions {
  /** The greeting; default BIRD 2.0.12's. */
  readonly hello?: string;
  /** Write replies in pieces of this many bytes, to exercise line framing across reads. */
  readonly chunkBytes?: number;
  /** Wait this long before answering each command, so a client that pipelines is caught. */
  readonly replyDelayMs?: number;
}

const UNKNOWN_COMMAND = '9001 syntax error, unexpected CF_SYM_UNDEFINED\n';

/**
 * A protocol fake of BIRD's control socket for tests: a UNIX socket server that greets, reads
 * command lines and answers each with a recorded reply (see `parseTranscript`). Commands it has no
 * reply for get BIRD's syntax error. The real thing is tested against a live BIRD.
 */
export class BirdReplayServer {
  /** Every command line received, in order, over all connections. */
  readonly received: string[] = [];
  /** Commands that arrived while an earlier one on the same connection was still unanswered. */
  pipelined = 0;
  /** Most connections open at the same time. */
  peakConnections = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly socketPath: string,
  ) {}

  static async start(
    socketPath: string,
    answers: ReadonlyMap<string, BirdReplayAnswer>,
    options: BirdReplayServerOptions = {},
  ): Promise<BirdReplayServer> {
    await rm(socketPath, { force: true });
    const server = createServer();
    const replay = new BirdReplayServer(server, socketPath);
    server.on('connection', (socket) => replay.serve(socket, answers, options));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    return replay;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.socketPath, { force: true });
  }

  private serve(
    socket: Socket,
    answers: ReadonlyMap<string, BirdReplayAnswer>,
    options: BirdReplayServerOptions,
  ): void {
    this.sockets.add(socket);
    this.peakConnections = Math.max(this.peakConnections, this.sockets.size);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const write = (text: string): void => {
      const bytes = Buffer.from(text);
      const size = options.chunkBytes ?? bytes.length;
      for (let start = 0; start < bytes.length; start += size)
        socket.write(bytes.subarray(start, start + size));
    };
    const queue: string[] = [];
    let isAnswering = false;
    const answerNext = (): void => {
      const command = queue.shift();
      if (command === undefined || socket.destroyed) {
        isAnswering = false;
        return;
      }
      isAnswering = true;
      const answer = answers.get(command) ?? UNKNOWN_COMMAND;
      const reply = (): void => {
        if (typeof answer === 'string') {
          write(answer);
          answerNext();
        } else if ('close' in answer) socket.destroy();
      };
      if (options.replyDelayMs) setTimeout(reply, options.replyDelayMs);
      else reply();
    };
    write(options.hello ?? '0001 BIRD 2.0.12 ready.\n');
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
        const command = pending.slice(0, end);
        pending = pending.slice(end + 1);
        this.received.push(command);
        if (isAnswering || queue.length > 0) this.pipelined += 1;
        queue.push(command);
        if (!isAnswering) answerNext();
      }
    });
  }
}
