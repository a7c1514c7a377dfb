#!/usr/bin/env node
// `npm run demo`: from a fresh clone to a running demo exchange — installs dependencies when
// missing, builds, then runs `ixora demo` on the embedded database (or DATABASE_URL when set).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`ixora demo: \`${[command, ...args].join(' ')}\` failed`);
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  console.log('installing dependencies (npm ci)…');
  run(npm, ['ci', '--no-audit', '--no-fund']);
}
console.log('building…');
run(npm, ['run', '--silent', 'build']);
run(process.execPath, [path.join(root, 'bin', 'ixora.js'), 'demo', ...process.argv.slice(2)]);
