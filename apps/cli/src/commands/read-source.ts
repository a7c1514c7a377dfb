import { readFile } from 'node:fs/promises';
import axios from 'axios';
import { IxoraError } from '@ixora/errors';

/** Reads a local file or an http(s) URL as text. */
export async function readSource(location: string, field: string, timeoutMs = 60_000): Promise<string> {
  if (/^https?:\/\//.test(location)) {
    try {
      const response = await axios.get<string>(location, {
        responseType: 'text',
        timeout: timeoutMs,
        transformResponse: (d: string) => d,
      });
      return response.data;
    } catch (error) {
      throw new IxoraError(
        'upstream_failed',
        `${field}: cannot fetch ${location}: ${(error as Error).message}`,
        { field, value: location },
      );
    }
  }
  try {
    return await readFile(location, 'utf8');
  } catch (error) {
    throw new IxoraError(
      'invalid_value',
      `${field}: cannot read ${JSON.stringify(location)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        field,
        value: location,
      },
    );
  }
}
