/**
 * One answer of the IRRd "!" query language (IRRd 4 docs, "IRRd-style queries"):
 * `A<length>\n<length bytes of data>C\n` — data; `C\n` — success without data; `D\n` — key not
 * found (IRRd 4 also answers D for a key without data); `E\n` — several copies of a key;
 * `F <message>\n` — error.
 */
export type IrrAnswer =
  | { readonly kind: 'data'; readonly data: string }
  | { readonly kind: 'ok' }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'error'; readonly message: string };

export class IrrProtocolViolation extends Error {
  override readonly name = 'IrrProtocolViolation';
}

const NEWLINE = 0x0a;

/**
 * Incremental parser of the answer stream: feed it socket chunks, it returns the answers that
 * became complete. Large `A` bodies are collected as a list of chunks and joined once, so a
 * 50 MB answer costs one copy rather than one per chunk.
 */
export class IrrAnswerReader {
  private state: 'header' | 'body' | 'trailer' = 'header';
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  private bodyBytes = 0;
  private body = '';

  constructor(private readonly maxAnswerBytes: number) {}

  feed(chunk: Buffer): IrrAnswer[] {
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    const answers: IrrAnswer[] = [];
    for (;;) {
      if (this.state === 'body') {
        if (this.bufferedBytes < this.bodyBytes) return answers;
        const all = this.take(this.bodyBytes);
        this.body = all.toString('latin1');
        this.state = 'trailer';
        continue;
      }
      const line = this.takeLine();
      if (line === undefined) {
        if (this.bufferedBytes > 1024)
          throw new IrrProtocolViolation('no line end in the first 1024 bytes of an answer');
        return answers;
      }
      if (line === '') continue;
      if (this.state === 'trailer') {
        if (line !== 'C')
          throw new IrrProtocolViolation(
            `expected "C" after ${this.bodyBytes} bytes of data, got ${quote(line)}`,
          );
        answers.push({ kind: 'data', data: this.body });
        this.body = '';
        this.state = 'header';
        continue;
      }
      const answer = this.header(line);
      if (answer !== undefined) answers.push(answer);
    }
  }

  /** True while an answer is partly read. */
  get isMidAnswer(): boolean {
    return this.state !== 'header' || this.bufferedBytes > 0;
  }

  /** A complete one-line answer, or undefined after an `A` header (the body follows). */
  private header(line: string): IrrAnswer | undefined {
    const code = line.charAt(0);
    if (code === 'A') {
      const lengthText = line.slice(1).trim();
      if (!/^\d{1,12}$/.test(lengthText))
        throw new IrrProtocolViolation(`bad answer length in ${quote(line)}`);
      const length = Number(lengthText);
      if (length > this.maxAnswerBytes) {
        throw new IrrProtocolViolation(
          `answer of ${length} bytes exceeds the limit of ${this.maxAnswerBytes} bytes`,
        );
      }
      this.bodyBytes = length;
      this.state = 'body';
      return undefined;
    }
    if (line === 'C') return { kind: 'ok' };
    if (line === 'D') return { kind: 'not-found' };
    if (line === 'E') return { kind: 'error', message: 'multiple copies of the key in the database' };
    if (code === 'F') return { kind: 'error', message: line.slice(1).trim() || 'unspecified error' };
    throw new IrrProtocolViolation(`unexpected answer line ${quote(line)}`);
  }

  private takeLine(): string | undefined {
    let offset = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c] as Buffer;
      const index = chunk.indexOf(NEWLINE);
      if (index >= 0) {
        const bytes = this.take(offset + index + 1);
        return bytes.toString('latin1', 0, bytes.length - 1).replace(/\r$/, '');
      }
      offset += chunk.length;
    }
    return undefined;
  }

  private take(count: number): Buffer {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= count) {
      const head = first.subarray(0, count);
      if (first.length === count) this.chunks.shift();
      else this.chunks[0] = first.subarray(count);
      this.bufferedBytes -= count;
      return head;
    }
    const out = Buffer.allocUnsafe(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.chunks[0] as Buffer;
      const needed = count - filled;
      if (chunk.length <= needed) {
        chunk.copy(out, filled);
        filled += chunk.length;
        this.chunks.shift();
      } else {
        chunk.copy(out, filled, 0, needed);
        this.chunks[0] = chunk.subarray(needed);
        filled += needed;
      }
    }
    this.bufferedBytes -= count;
    return out;
  }
}

function quote(line: string): string {
  const shown = line.length > 60 ? `${line.slice(0, 57)}...` : line;
  return JSON.stringify(shown);
}
