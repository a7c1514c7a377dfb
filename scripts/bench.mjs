#!/usr/bin/env node
// `npm run bench`: runs every `bench:*` script of package.json one after another (they each
// print their own figures), or only those named: `npm run bench -- config irr`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scripts = Object.keys(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts)
  .filter((name) => name.startsWith('bench:'))
  .map((name) => name.slice('bench:'.length));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !scripts.includes(name));
if (unknown.length) {
  console.error(`bench: no benchmark named ${unknown.join(', ')} (there are: ${scripts.join(', ')})`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length ? wanted : scripts) {
  console.log(`\n=== bench:${name} ===`);
  const result = spawnSync(
    process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['run', '--silent', `bench:${name}`],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    failed++;
    console.error(`bench:${name} failed (exit ${result.status})`);
  }
}
process.exit(failed ? 1 : 0);
