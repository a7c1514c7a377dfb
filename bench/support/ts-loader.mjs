// Runs the TypeScript sources directly for benchmarks (`node --import ./bench/support/ts-loader.mjs
// bench/x.bench.ts`): Node 20 has no type stripping, and a full `npm run build` would make a
// benchmark depend on every other file compiling. Types are not checked here; `npm run typecheck`
// does that. Maps `@ixora/<lib>` to libs/<lib>/src/index.ts, `@ixora/apps/<app>` to
// apps/<app>/src/index.ts and `./x.js` to `./x.ts` as tsconfig does.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register(
  './ts-hooks.mjs',
  pathToFileURL(`${import.meta.dirname ?? new URL('.', import.meta.url).pathname}/`),
);
