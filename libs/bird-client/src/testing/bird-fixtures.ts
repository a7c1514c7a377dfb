import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BirdReplyFramer, isAsyncLine, type BirdReplyLine } from '../bird-reply.reader.js';
import { parseTranscript, type BirdTranscript } from '../bird-transcript.js';

/** The BIRD 2.0.12 control-socket recordings committed with this lib (see fixtures/README.md). */
export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

export function readFixture(name: string): BirdTranscript {
  const file = readdirSync(FIXTURE_DIR).find(
    (entry) => entry === name || entry.startsWith(`${name}-`) || entry === `${name}.raw`,
  );
  if (!file) throw new Error(`no BIRD fixture ${name} in ${FIXTURE_DIR}`);
  return parseTranscript(readFileSync(join(FIXTURE_DIR, file), 'utf8'));
}

/** A recorded reply framed into reply lines, spontaneous `+` lines dropped. */
export function fixtureLines(name: string): BirdReplyLine[] {
  const framer = new BirdReplyFramer();
  return readFixture(name)
    .reply.split('\n')
    .filter((line) => line !== '')
    .map((line) => framer.frame(line))
    .filter((line): line is BirdReplyLine => !isAsyncLine(line));
}

/** Command → reply for every single-command recording, for the replay server. */
export function fixtureAnswers(names: readonly string[]): Map<string, string> {
  const answers = new Map<string, string>();
  for (const name of names) {
    const transcript = readFixture(name);
    const [command] = transcript.commands;
    if (transcript.commands.length !== 1 || command === undefined)
      throw new Error(`${name} is not a single-command recording`);
    answers.set(command, transcript.reply);
  }
  return answers;
}
