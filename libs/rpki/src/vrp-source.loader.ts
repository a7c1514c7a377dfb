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
          : (error as Error).message;
    throw sourceFailed(location, reason, error);
  }
}

function describeHttpError(error: unknown, timeoutMs: number): string {
  if (axios.isAxiosError(error)) {
    if (error.response) return `HTTP ${error.response.status}`;
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || error.code === 'ERR_CANCELED') {
      return `no answer within ${timeoutMs} ms`;
    }
    return error.code ? `${error.code} ${error.message}` : error.message;
  }
  return (error as Error).message;
}

function sourceFailed(location: string, reason: string, cause: unknown): IxoraError {
  return new IxoraError(
    'upstream_failed',
    `RPKI VRP source ${location}: ${reason}`,
    { field: 'location', value: location },
    { cause },
  );
}
