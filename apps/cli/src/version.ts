import { readFileSync } from 'node:fs';

function findVersion(): string {
  // The package.json is three levels up from src/ and from dist/apps/cli/src/ alike (walk to be sure).
  let dir = new URL('.', import.meta.url);
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'ixora' && pkg.version) return pkg.version;
    } catch {
      // not here; go up
    }
    dir = new URL('..', dir);
  }
  return '0.0.0';
}

export const IXORA_VERSION = findVersion();
