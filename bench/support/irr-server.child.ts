// Child process of bench/irr.bench.ts: serves the generated RPSL file with the IRR test server, in
// its own process so that neither its memory nor its CPU counts against the clients measured.
// argv: <rpsl file> ; prints "listening <port>" when ready.
import { IrrTestDatabase, startIrrTestServer } from '@ixora/testing';

const file = process.argv[2];
if (!file) throw new Error('usage: irr-server.child.ts RPSL_FILE');
const database = await new IrrTestDatabase().loadRpslFile(file, 'BENCH');
const server = await startIrrTestServer({ database, recordQueries: false });
process.stdout.write(`listening ${server.port}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
