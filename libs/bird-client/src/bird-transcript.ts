/**
 * The recording format of `libs/bird-client/fixtures/*.raw`: one or more `>>> "<command as JSON>"`
 * header lines, then the exact bytes BIRD sent back. Headers that are not JSON (notes about
 * special captures) are kept out of `commands`.
 */
export interface BirdTranscript {
  readonly commands: readonly string[];
  readonly reply: string;
}

export function parseTranscript(text: string): BirdTranscript {
  const commands: string[] = [];
  let offset = 0;
  while (text.startsWith('>>> ', offset)) {
    const end = text.indexOf('\n', offset);
    const header = text.slice(offset + 4, end === -1 ? text.length : end);
    offset = end === -1 ? text.length : end + 1;
    if (header.startsWith('"')) {
      try {
        commands.push(JSON.parse(header) as string);
      } catch {
        // A header with trailing notes, e.g. `"show status\n" (sent 450 ms later)`: not a replayable command.
      }
    }
  }
  return { commands, reply: text.slice(offset) };
}
