import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { IxoraError } from '@ixora/errors';
import axios from 'axios';

export interface LoadVrpSourceOptions {
  /** Deadline for the whole read or download. */
  readonly timeoutMs: number;
}

/** The largest VRP document accepted; today's full global set in rpki-client JSON is ~60 MB. */
export const MAX_VRP_DOCUMENT_BYTES = 512 * 1024 * 1024;

/**
 * Reads a VRP document from a file path, a file: URL or an http(s) URL (`RPKI_VRP_URL`,
 * `--file`, `--url`) and returns its text for {@link parseVrpDocument}. Failures throw an
 * IxoraError (`upstream_failed`, or `invalid_value` for an unsupported location) naming the location.
 */
export async function loadVrpSource(location: string, options: LoadVrpSourceOptions): Promise<string> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return download(location, options.timeoutMs);
  if (scheme === 'file') return readLocalFile(location, fileURLToPath(location), options.timeoutMs);
  if (scheme !== undefined) {
    throw new IxoraError(
      'invalid_value',
      `RPKI VRP source ${location}: unsupported scheme "${scheme}" (use a file path or an http(s) URL)`,
      {
        field: 'location',
        value: location,
      },
    );
  }
  return readLocalFile(location, location, options.timeoutMs);
}

async function download(url: string, timeoutMs: number): Promise<string> {
  try {
    const response = await axios.get<string>(url, {
      responseType: 'text',
      // Keep the body as text: parseVrpDocument parses it and reports a bad document itself.
      transformResponse: (data: unknown) => data,
      timeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
      maxContentLength: MAX_VRP_DOCUMENT_BYTES,
      headers: { Accept: 'application/json' },
    });
    return response.data;
  } catch (error) {
    throw sourceFailed(url, describeHttpError(error, timeoutMs), error);
  }
}

async function readLocalFile(location: string, path: string, timeoutMs: number): Promise<string> {
  try {
    return await readFile(path, { encoding: 'utf8', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'ABORT_ERR' ||
            (error as Error).name === 'TimeoutError' ||
            (error as Error).name === 'AbortError'
          ? `not read within ${timeoutMs} ms`
          : code === 'EACCES'
            ? 'not readable'
            : code === 'EISDIR'
              ? 'is a directory'
              : 'could not be read';
    throw sourceFailed(location, reason, error);
  }
}

/**
 * What a failed download says. A refused connection, a reset and a timeout read the same, so the
 * errors of a refresh cannot be used to tell open ports from closed ones; the body is never quoted.
 */
function describeHttpError(error: unknown, timeoutMs: number): string {
  if (axios.isAxiosError(error) && error.response) return `HTTP ${error.response.status}`;
  if (axios.isAxiosError(error) && error.code === 'ERR_FR_MAX_CONTENT_LENGTH_EXCEEDED')
    return `larger than ${MAX_VRP_DOCUMENT_BYTES} bytes`;
  return `no usable answer within ${timeoutMs} ms (unreachable, refused or too slow)`;
}

function sourceFailed(location: string, reason: string, cause: unknown): IxoraError {
  return new IxoraError(
    'upstream_failed',
    `RPKI VRP source ${location}: ${reason}`,
    { field: 'location', value: location },
    { cause },
  );
}
