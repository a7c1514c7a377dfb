import type { IncomingHttpHeaders } from 'node:http';

/** The parts of Express's request the pages read (the project does not depend on Express's types). */
export interface WebRequest {
  readonly headers: IncomingHttpHeaders;
  /** True when the request came over HTTPS (or a trusted proxy says so, see `TRUST_PROXY`). */
  readonly secure: boolean;
  readonly ip?: string;
  /** Form fields, from `FormBodyMiddleware`. */
  body?: unknown;
}

export interface WebResponse {
  status(code: number): WebResponse;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  append(name: string, value: string): WebResponse;
  redirect(status: number, url: string): void;
  send(body: string): unknown;
}

/** A field of a posted form, as text ('' when missing or repeated). */
export function formField(request: WebRequest, name: string): string {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}
