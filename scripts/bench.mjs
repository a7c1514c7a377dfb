#!/usr/bin/env node
// `npm run bench`: runs every `bench:*` script of package.json one after another (they each
// print their own figures), or only those named: `npm run bench -- config irr`. Arguments after a
// name that are not names go to that benchmark: `npm run bench -- load 20 200`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scripts = Object.keys(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts)
  .filter((name) => name.startsWith('bench:'))
  .map((name) => name.slice('bench:'.length));
/** @type {{ name: string, args: string[] }[]} */
const wanted = [];
for (const arg of process.argv.slice(2)) {
  if (scripts.includes(arg)) wanted.push({ name: arg, args: [] });
  // Benchmarks take numbers (sizes, seconds, rates); anything else is a misspelt name.
  else if (wanted.length && /^\d[\d.]*$/.test(arg)) wanted.at(-1).args.push(arg);
  else {
    console.error(`bench: no benchmark named ${arg} (there are: ${scripts.join(', ')})`);
    process.exit(2);
  }
}
let failed = 0;
for (const { name, args } of wanted.length ? wanted : scripts.map((name) => ({ name, args: [] }))) {
  console.log(`\n=== bench:${name}${args.length ? ` ${args.join(' ')}` : ''} ===`);
  const result = spawnSync(
    process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['run', '--silent', `bench:${name}`, ...(args.length ? ['--', ...args] : [])],
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
