import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { REASON_COMMUNITIES } from '@ixora/bird-config';
import { buildProgram } from './program.js';

/**
 * What users read (CLI help, the README and docs, templates and web pages) says things in place or
 * points at documents in this repository; it never cites "DESIGN §N", a document users do not have.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CITATION = /\bDESIGN\b(?:\.md)?|\.\.\/shared\//;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'data', 'coverage']);

function userFacingFiles(dir = ROOT, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const relative = path.relative(ROOT, full).split(path.sep).join('/');
    if (entry.isDirectory()) userFacingFiles(full, found);
    else if (
      /\.md$/.test(entry.name) ||
      relative.startsWith('templates/') ||
      relative.startsWith('apps/api/src/pages/')
    )
      found.push(relative);
  }
  return found;
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap((c) => allCommands(c))];
}

describe('user-facing text', () => {
  it('the check sees a citation', () => {
    expect(CITATION.test('import policy (DESIGN §7)')).toBe(true);
    expect(CITATION.test('see ../shared/DESIGN.md')).toBe(true);
    expect(CITATION.test('see docs/route-server-policy.md')).toBe(false);
  });

  it('no command help cites DESIGN', () => {
    const commands = allCommands(buildProgram());
    // Every command and subcommand: serve, peeringdb sync, policy set, …
    expect(commands.length).toBeGreaterThan(30);
    const offenders = commands
      .map((c) => ({ name: c.name(), help: c.helpInformation() }))
      .filter((c) => CITATION.test(c.help))
      .map((c) => `${c.name}: ${CITATION.exec(c.help)?.[0]}`);
    expect(offenders).toEqual([]);
  });

  it('no README, doc, template or web page cites DESIGN', () => {
    const files = userFacingFiles();
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'docs/route-server-policy.md', 'templates/bird/functions.hbs']),
    );
    const offenders = files.flatMap((file) =>
      readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (CITATION.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });

  it('docs/route-server-policy.md lists every filter reason as the code has it', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/route-server-policy.md'), 'utf8');
    for (const reason of REASON_COMMUNITIES) {
      const row = new RegExp(`^\\|\\s*${reason.code}\\s*\\|\\s*(.+?)\\s*\\|\\s*(\\d+)\\s*\\|$`, 'm').exec(
        doc,
      );
      expect({ code: reason.code, words: row?.[1], step: Number(row?.[2]) }).toEqual({
        code: reason.code,
        words: reason.words,
        step: reason.step,
      });
    }
  });
});
