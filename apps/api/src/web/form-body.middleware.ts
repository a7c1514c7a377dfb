import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { BODY_LIMITS } from '../common/request-guards.middleware.js';

type Request = IncomingMessage & { body?: unknown };

function isForm(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded';
}

/**
 * Reads the HTML forms of the sign-in pages (`application/x-www-form-urlencoded`, never more
 * than the unauthenticated body limit: a form here is a few fields) into `req.body` as
 * name -> value; a name given twice is dropped, so a field is always one string.
 */
@Injectable()
export class FormBodyMiddleware implements NestMiddleware {
  use(req: Request, res: ServerResponse, next: (error?: unknown) => void): void {
    if (req.method !== 'POST' || !isForm(req)) return next();
    const limit = BODY_LIMITS.unauthenticatedBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    let isTooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        if (!isTooLarge) {
          isTooLarge = true;
          res.statusCode = 413;
          res.setHeader('Connection', 'close');
          res.setHeader('Content-Type', 'text/plain; charset=utf-8');
          res.end(`the form is larger than ${limit} bytes`);
          req.pause();
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (isTooLarge) return;
      const fields: Record<string, string> = {};
      const seen = new Set<string>();
      for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
        if (seen.has(name)) delete fields[name];
        else fields[name] = value.replace(/\u0000/g, '');
        seen.add(name);
      }
      req.body = fields;
      next();
    });
    req.on('error', next);
  }
}
