#!/usr/bin/env node
// `npm test`: picks the PostgreSQL for integration tests, says which, runs every jest project, and
// ends with one plain "N passed, N failed, N skipped" line.
//   TEST_DATABASE_URL set      -> that server
//   127.0.0.1:5432 answers     -> postgres://postgres@127.0.0.1:5432/test
//   otherwise                  -> the embedded PostgreSQL (PGlite), started here
//   (IXORA_TEST_DATABASE=embedded forces the last, to check that path on a machine with a server)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function answers(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function pickDatabase() {
  const forceEmbedded = process.env.IXORA_TEST_DATABASE === 'embedded';
  if (!forceEmbedded && process.env.TEST_DATABASE_URL)
    return { url: process.env.TEST_DATABASE_URL, label: 'TEST_DATABASE_URL' };
  if (!forceEmbedded && (await answers('127.0.0.1', 5432))) {
    return { url: 'postgres://postgres@127.0.0.1:5432/test', label: 'PostgreSQL server on 127.0.0.1:5432' };
  }
  const { startEmbeddedForTests } = await import('./embedded-test-db.mjs');
  const embedded = await startEmbeddedForTests(path.join(root, 'data', 'test-embedded'));
  return { url: embedded.url, label: `embedded PostgreSQL (PGlite) at ${embedded.url}`, embedded };
}

const db = await pickDatabase();
console.log(`ixora tests: database = ${db.label}`);

const resultsFile = path.join(root, '.jest-results.json');
rmSync(resultsFile, { force: true });
const jestArgs = [
  '--experimental-vm-modules',
  path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
  '--json',
  `--outputFile=${resultsFile}`,
  ...(db.embedded ? ['--runInBand'] : []),
  ...process.argv.slice(2),
];
const child = spawn(process.execPath, jestArgs, {
  stdio: 'inherit',
  env: {
    ...process.env,
    TEST_DATABASE_URL: db.url,
    IXORA_TEST_DATABASE_KIND: db.embedded ? 'embedded' : 'server',
    NODE_NO_WARNINGS: '1',
  },
});
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
if (db.embedded) await db.embedded.stop();

if (existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (r.numTotalTests === 0) {
    console.log('no test ran');
    process.exit(1);
  }
}
process.exit(code);
