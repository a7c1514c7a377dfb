import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ArrivedMail {
  readonly recipients: readonly string[];
  /** The message as it came over the wire, the body's quoted-printable soft line breaks joined. */
  readonly message: string;
}

/**
 * A local SMTP server (the `smtp-server` package) that keeps every message it accepts; while
 * `refusals` is above zero it refuses recipients with a temporary 451, as a busy relay does.
 */
export class SmtpReceiver {
  refusals = 0;

  private constructor(
    private readonly server: SMTPServer,
    readonly arrived: ArrivedMail[],
  ) {}

  static async start(): Promise<SmtpReceiver> {
    const arrived: ArrivedMail[] = [];
    const state = { receiver: undefined as SmtpReceiver | undefined };
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        const receiver = state.receiver!;
        if (receiver.refusals > 0) {
          receiver.refusals--;
          const error = Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const split = Math.max(0, raw.search(/\r?\n\r?\n/));
          arrived.push({
            recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            message: raw.slice(0, split) + raw.slice(split).replace(/=\r?\n/g, ''),
          });
          callback();
        });
      },
    });
    state.receiver = new SmtpReceiver(server, arrived);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return state.receiver;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
