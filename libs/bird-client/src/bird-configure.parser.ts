import type { BirdReplyLine } from './bird-reply.reader.js';
import type { BirdConfigureResult } from './bird.types.js';

/** Final reply codes of `configure` (doc/reply_codes in the BIRD sources). */
const STATUS_BY_CODE: Readonly<Record<number, Extract<BirdConfigureResult, { ok: true }>['status']>> = {
  3: 'reconfigured',
  4: 'in_progress',
  5: 'queued',
  20: 'checked',
};
const READING = 2;
const CONFIG_ERROR = 8002;

/** `8002 FILE:LINE:COLUMN message` for a parse error, `8002 FILE: strerror` when BIRD cannot read it. */
const LOCATED_ERROR = /^(.*?):(\d+):(\d+) (.*)$/;
const FILE_ERROR = /^(.*?): (.*)$/;

/**
 * `configure [check] ["FILE"]`. BIRD answers `0002-Reading configuration from FILE`, then
 * `0020 Configuration OK` (check), `0003 Reconfigured` (or 0004 in progress / 0005 queued), or
 * `8002` with the error and its place in the file. Any other final code is a failure too
 * (e.g. 0006 "Reconfiguration ignored, shutting down", 8007 "Access denied").
 */
export function parseConfigureResult(lines: readonly BirdReplyLine[]): BirdConfigureResult {
  const reading = lines.find((line) => line.code === READING);
  const file = reading ? /^Reading configuration from (.*)$/.exec(reading.text)?.[1] : undefined;
  const final = lines.find((line) => line.isFinal);
  if (!final)
    return {
      ok: false,
      birdCode: 0,
      message: 'BIRD sent no final reply line',
      ...(file !== undefined && { file }),
    };
  const status = STATUS_BY_CODE[final.code];
  if (status) return { ok: true, status, message: final.text, ...(file !== undefined && { file }) };
  if (final.code === CONFIG_ERROR) {
    const located = LOCATED_ERROR.exec(final.text);
    if (located) {
      return {
        ok: false,
        birdCode: final.code,
        file: located[1] as string,
        line: Number(located[2]),
        column: Number(located[3]),
        message: final.text,
        reason: located[4] as string,
      };
    }
    const fileError = FILE_ERROR.exec(final.text);
    if (fileError) {
      return {
        ok: false,
        birdCode: final.code,
        file: fileError[1] as string,
        message: final.text,
        reason: fileError[2] as string,
      };
    }
  }
  return { ok: false, birdCode: final.code, message: final.text, ...(file !== undefined && { file }) };
}
