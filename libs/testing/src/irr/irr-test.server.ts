import net from 'node:net';
import type { IrrTestDatabase } from './irr-test.database.js';

/**
 * How the server misbehaves, for failure tests: `garbage` answers every data query with bytes that
 * are no IRRd frame, `hang` goes silent on a connection at its first data query, `close` drops the connection when a
 * data query arrives, `truncate` announces an answer and closes half way through it.
 */
export type IrrTestServerFault = 'none' | 'garbage' | 'hang' | 'close' | 'truncate';

export interface IrrTestServerOptions {
  readonly database: IrrTestDatabase;
  /** Loopback only; default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /**
   * Answer `!a4`/`!a6`/`!a` (IRRd 4) and the bare `!a` probe bgpq4 sends to detect them.
   * Default true; false answers like an IRRd 3 that does not know the command.
   */
  readonly supportsAggregateQueries?: boolean;
  /** Sources selected on a new connection; default every source in the database. */
  readonly defaultSources?: readonly string[];
  /** Delay before each data answer, to make slow servers. */
  readonly answerDelayMs?: number;
  /** Keep every query line in `queries` (off for benchmarks). Default true. */
  readonly recordQueries?: boolean;
}

export interface IrrTestServer {
  readonly host: string;
  readonly port: number;
  /** "host:port", as bgpq4 `-h` and IRR_HOST take it. */
  readonly address: string;
  /** Every query line received, in arrival order across connections. */
  readonly queries: string[];
  /** Number of TCP connections accepted so far. */
  readonly connectionCount: number;
  /** Highest number of connections open at the same time. */
  readonly maxOpenConnections: number;
  setFault(fault: IrrTestServerFault): void;
  /** Closes the listener and every open connection. */
  close(): Promise<void>;
}

/**
 * An IRRd-protocol server (the "!" whois query language of IRRd 4) over a fixed RPSL data set,
 * on a loopback port, for tests and the demo. Speaks what route-server tooling uses: `!!`
 * persistent mode, `!n`, `!s`/`!s-lc`, `!i` (with `,1` recursion), `!g`, `!6`, `!a`, `!q`.
 * Answer framing as IRRd writes it: `A<length>\n<data>\nC\n`, `C\n` for success without data,
 * `D\n` when nothing matches (IRRd 4 answers D also for an existing key with no data), `F <text>\n`
 * for an error. Without `!!` the connection closes after the first answer, as IRRd does.
 */
export async function startIrrTestServer(options: IrrTestServerOptions): Promise<IrrTestServer> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== '::1' && !host.startsWith('127.')) {
    throw new Error(`IRR test server: host ${host} is not a loopback address`);
  }
  const database = options.database;
  const supportsAggregate = options.supportsAggregateQueries ?? true;
  const record = options.recordQueries ?? true;
  const queries: string[] = [];
  const sockets = new Set<net.Socket>();
  let fault: IrrTestServerFault = 'none';
  let connectionCount = 0;
  let maxOpen = 0;

  const server = net.createServer((socket) => {
    connectionCount++;
    sockets.add(socket);
    maxOpen = Math.max(maxOpen, sockets.size);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    const session: Session = {
      persistent: false,
      sources: [...(options.defaultSources ?? database.sources)],
      isHung: false,
    };
    let buffered = '';
    // Answers go out strictly in query order even when some wait (answerDelayMs).
    let chain: Promise<void> = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).replace(/\r$/, '');
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (line.trim() === '') continue;
        if (record) queries.push(line);
        chain = chain.then(() => answer(socket, session, line));
      }
    });
  });

  const answer = async (socket: net.Socket, session: Session, line: string): Promise<void> => {
    if (socket.destroyed || session.isHung) return;
    const reply = handleQuery(database, session, line.trim(), supportsAggregate);
    if (reply === undefined) return;
    if (reply.isData && fault !== 'none') {
      if (fault === 'hang') {
        // A hung server answers nothing more on this connection, not just this query.
        session.isHung = true;
        return;
      }
      if (fault === 'close') {
        socket.destroy();
        return;
      }
      if (fault === 'garbage') {
        socket.write('Z this is not an IRRd answer\n%%%\n');
        return;
      }
      socket.write(`A${Buffer.byteLength(reply.text) + 1000}\n${reply.text.slice(0, 5)}`);
      socket.destroy();
      return;
    }
    if (reply.isData && options.answerDelayMs)
      await new Promise((resolve) => setTimeout(resolve, options.answerDelayMs));
    if (socket.destroyed) return;
    if (reply.text !== '') socket.write(reply.text);
    if (reply.close || !session.persistent) socket.end();
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    host,
    port,
    address: `${host}:${port}`,
    queries,
    get connectionCount() {
      return connectionCount;
    },
    get maxOpenConnections() {
      return maxOpen;
    },
    setFault(next: IrrTestServerFault) {
      fault = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface Session {
  persistent: boolean;
  sources: string[];
  isHung: boolean;
}

interface Reply {
  readonly text: string;
  /** A data query (as opposed to session commands); faults apply to these only. */
  readonly isData: boolean;
  readonly close?: boolean;
}

const frame = (data: string): Reply => ({
  text: `A${Buffer.byteLength(data) + 1}\n${data}\nC\n`,
  isData: true,
});
const ok: Reply = { text: 'C\n', isData: false };
const notFound: Reply = { text: 'D\n', isData: true };
const fail = (message: string): Reply => ({ text: `F ${message}\n`, isData: false });
const dataOrNotFound = (items: readonly (string | number)[]): Reply =>
  items.length === 0 ? notFound : frame(items.join(' '));

function handleQuery(
  database: IrrTestDatabase,
  session: Session,
  line: string,
  supportsAggregate: boolean,
): Reply | undefined {
  if (!line.startsWith('!')) return fail('Only IRRd "!" queries are supported by this test server');
  const command = line.charAt(1);
  const argument = line.slice(2);
  switch (command) {
    case '!':
      session.persistent = true;
      return undefined;
    case 'q':
      return { text: '', isData: false, close: true };
    case 'n':
      return ok;
    case 'v':
      return frame('IRRd -- version 4.4.0 (ixora test server)');
    case 's': {
      if (argument === '-lc') return frame(session.sources.join(','));
      const wanted = argument
        .split(',')
        .map((source) => source.trim().toUpperCase())
        .filter(Boolean);
      const unknown = wanted.filter((source) => !database.hasSource(source));
      if (wanted.length === 0 || unknown.length > 0)
        return fail(`Invalid source(s): ${unknown.join(',') || argument}`);
      session.sources = wanted;
      return ok;
    }
    case 'i': {
      if (argument === '') return fail('Missing parameter for i query');
      const recursive = argument.endsWith(',1');
      const name = recursive ? argument.slice(0, -2) : argument;
      if (recursive)
        return dataOrNotFound(database.expandAsSet(name, session.sources)?.map((asn) => `AS${asn}`) ?? []);
      return dataOrNotFound(
        (database.directMembers(name, session.sources) ?? []).filter(
          (member) => member !== name.toUpperCase(),
        ),
      );
    }
    case 'g':
    case '6': {
      const asn = parseOrigin(argument);
      if (asn === undefined) return fail(`Invalid AS number ${argument}`);
      return dataOrNotFound(database.prefixesOf(asn, command === 'g' ? 4 : 6, session.sources));
    }
    case 'a': {
      if (!supportsAggregate) return fail(`Unrecognised command: a`);
      let name = argument;
      let families: Array<4 | 6> = [4, 6];
      if (name.startsWith('4') || name.startsWith('6')) {
        families = [Number(name.charAt(0)) as 4 | 6];
        name = name.slice(1);
      }
      if (name === '') return fail('Missing required set name for A query');
      const asns = database.expandAsSet(name, session.sources) ?? [];
      const prefixes = new Set<string>();
      for (const asn of asns) {
        for (const family of families)
          for (const prefix of database.prefixesOf(asn, family, session.sources)) prefixes.add(prefix);
      }
      return dataOrNotFound([...prefixes]);
    }
    default:
      return fail(`Unrecognised command: ${command}`);
  }
}

function parseOrigin(text: string): number | undefined {
  const match = /^AS(\d{1,10})$/i.exec(text.trim());
  if (!match) return undefined;
  const asn = Number(match[1]);
  return asn >= 0 && asn <= 4_294_967_295 ? asn : undefined;
}
