import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// The dependency rules of ARCHITECTURE.md, run by dependency-cruiser as `npm run lint:deps` does:
// the repository keeps them, and a copy of it with one planted violation per rule does not.

const root = process.cwd();
const CONFIG = path.join(root, '.dependency-cruiser.mjs');
const DEPCRUISE = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

/** Runs depcruise in `cwd` over `dirs` with the repository's rules; its JSON report's violations. */
async function cruise(cwd: string, dirs: readonly string[]): Promise<Violation[]> {
  const child = spawn(process.execPath, [DEPCRUISE, '--config', CONFIG, '--output-type', 'json', ...dirs], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // It exits non-zero when it finds violations; the report is on stdout either way.
  await new Promise((resolve) => child.on('close', resolve));
  if (!stdout.trim()) throw new Error(`depcruise printed no report: ${stderr}`);
  const report = JSON.parse(stdout) as {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  };
  return report.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe('dependency rules (dependency-cruiser)', () => {
  it('hold in the repository', async () => {
    expect(await cruise(root, ['apps', 'libs', 'migrations', 'test', 'bench'])).toEqual([]);
  });

  describe('in a copy with planted violations', () => {
    let dir: string;
    const planted: Record<string, string> = {
      // A lower layer reaching up.
      'libs/net/src/upward.ts': `import { DomainModule } from '@ixora/domain';\nexport const up = DomainModule;\n`,
      // An allowed direction, but by a relative path.
      'libs/bird-config/src/relative.ts': `import { invalidValue } from '../../errors/src/index.js';\nexport const e = invalidValue;\n`,
      // One app into another.
      'apps/api/src/into-cli.ts': `import { runCli } from '../../cli/src/program.js';\nexport const cli = runCli;\n`,
      // The CLI past another app's index, by a relative path.
      'apps/cli/src/into-api.ts': `import { ApiModule } from '../../api/src/api.module.js';\nexport const api = ApiModule;\n`,
      // A cycle inside one lib.
      'libs/domain/src/cycle-a.ts': `import { b } from './cycle-b.js';\nexport const a = (): number => b() + 1;\n`,
      'libs/domain/src/cycle-b.ts': `import { a } from './cycle-a.js';\nexport const b = (): number => a() - 1;\n`,
      // A new lib without a row in LIB_LAYERS.
      'libs/fresh/src/index.ts': `import { invalidValue } from '@ixora/errors';\nexport const e = invalidValue;\n`,
      // The agent loading the domain (and with it TypeORM).
      'apps/agent/src/heavy.ts': `import { Member } from '@ixora/domain';\nexport const m = Member;\n`,
      // Migrations reached from outside libs/database.
      'libs/domain/src/migrations.ts': `import { MIGRATIONS } from '@ixora/migrations';\nexport const all = MIGRATIONS;\n`,
    };
    let violations: Violation[];

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-deps-'));
      for (const entry of ['apps', 'libs', 'migrations', 'tsconfig.json'])
        await cp(path.join(root, entry), path.join(dir, entry), { recursive: true });
      await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      for (const [file, text] of Object.entries(planted)) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), text);
      }
      violations = await cruise(dir, ['apps', 'libs', 'migrations']);
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    const found = (rule: string, from: string) =>
      violations.filter((v) => v.rule === rule && v.from === from).map((v) => v.to);

    it('report the planted files and nothing else', () => {
      expect(violations.length).toBeGreaterThan(0);
      for (const violation of violations) expect(Object.keys(planted)).toContain(violation.from);
    });

    it('refuse a lib importing a lib above it', () => {
      expect(found('layer-net', 'libs/net/src/upward.ts')).toEqual(['libs/domain/src/index.ts']);
    });

    it('refuse a relative import of another lib, even in an allowed direction', () => {
      expect(found('no-relative-cross-lib', 'libs/bird-config/src/relative.ts')).toEqual([
        'libs/errors/src/index.ts',
      ]);
      expect(violations.filter((v) => v.from === 'libs/bird-config/src/relative.ts')).toHaveLength(1);
    });

    it('refuse an app importing another app', () => {
      expect(found('no-app-to-app', 'apps/api/src/into-cli.ts')).toEqual(['apps/cli/src/program.ts']);
    });

    it('let the CLI reach another app only at its index and through its alias', () => {
      expect(found('cli-starts-apps-by-index', 'apps/cli/src/into-api.ts')).toEqual([
        'apps/api/src/api.module.ts',
      ]);
      expect(found('cli-starts-apps-by-alias', 'apps/cli/src/into-api.ts')).toEqual([
        'apps/api/src/api.module.ts',
      ]);
    });

    it('refuse a cycle', () => {
      // Reported once, from whichever of its files the cruise meets first.
      const cycles = violations.filter((v) => v.rule === 'no-circular');
      expect(cycles).toHaveLength(1);
      expect([cycles[0]?.from, cycles[0]?.to].sort()).toEqual([
        'libs/domain/src/cycle-a.ts',
        'libs/domain/src/cycle-b.ts',
      ]);
    });

    it('refuse a lib that has no row in the layer table', () => {
      expect(found('lib-not-in-layer-table', 'libs/fresh/src/index.ts')).toEqual([
        'libs/errors/src/index.ts',
      ]);
    });

    it('keep the domain and TypeORM out of the agent', () => {
      const reached = found('agent-stays-light', 'apps/agent/src/heavy.ts');
      expect(reached).toContain('libs/domain/src/index.ts');
      expect(reached.some((to) => /node_modules\/typeorm\//.test(to))).toBe(true);
    });

    it('keep migrations behind libs/database', () => {
      expect(found('only-database-imports-migrations', 'libs/domain/src/migrations.ts')).toEqual([
        'migrations/index.ts',
      ]);
    });
  });
});
