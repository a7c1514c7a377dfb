#!/usr/bin/env node
// The `ixora` command: runs the compiled CLI (`npm run build` makes dist/).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/apps/cli/src/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'ixora: not built yet: run `npm run build` (or `npm run demo`) in the ixora checkout first\n',
  );
  process.exit(1);
}
await import(entry.href);
