import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A local HTTP server standing in for a webhook receiver; `statuses` answers the next requests. */
export class WebhookReceiver {
  private constructor(
    private readonly server: http.Server,
    readonly received: ReceivedWebhook[],
    /** Status codes for the next requests, in order; 204 once empty. */
    readonly statuses: number[],
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const received: ReceivedWebhook[] = [];
    const statuses: number[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = statuses.shift() ?? 204;
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status >= 300 ? 'receiver is down for maintenance' : '');
      });
    });
    const receiver = new WebhookReceiver(server, received, statuses);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/ixora`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
