import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { checkPageTemplate, showHelper } from './show.helper.js';

export const PAGE_TEMPLATES = ['index', 'neighbor', 'search', 'error', 'exchange'] as const;
export type PageTemplate = (typeof PAGE_TEMPLATES)[number];

/** `templates/web` at the repository root, found by walking up (from `src` in tests, from `dist` when built). */
export function findWebTemplatesDir(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let directory = start;
  for (;;) {
    const candidate = path.join(directory, 'templates', 'web');
    if (existsSync(path.join(candidate, 'layout.hbs'))) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`templates/web not found above ${start}`);
    directory = parent;
  }
}

/** The pages' one stylesheet (`templates/web/ixora.css`), served at `/assets/ixora.css`. */
export interface PageStylesheet {
  readonly css: string;
  /** A strong ETag: the first 16 hex digits of the file's SHA-256. */
  readonly etag: string;
  /** The address the layout links, versioned by content, so browsers may cache it for good. */
  readonly href: string;
  readonly version: string;
}

export const STYLESHEET_PATH = '/assets/ixora.css';

/**
 * Server-rendered pages from logic-free Handlebars templates. Templates print data only through
 * `{{show x}}` (HTML-escaped, bidi and other hidden characters shown as `\u202E`-style escapes:
 * member names and BIRD descriptions come from outside); a template that prints any other way is
 * refused when the renderer starts. `strict` makes a template that names a missing field fail
 * instead of printing nothing. No inline style or script: the Content-Security-Policy forbids
 * them, the stylesheet is a file.
 */
@Injectable()
export class PageRenderer {
  private readonly layout: HandlebarsTemplateDelegate;
  private readonly pages: ReadonlyMap<PageTemplate, HandlebarsTemplateDelegate>;
  readonly stylesheet: PageStylesheet;

  constructor() {
    const dir = findWebTemplatesDir();
    const env = Handlebars.create();
    env.registerHelper('show', showHelper);
    const read = (file: string, rawAllowed: readonly string[] = []): string => {
      const source = readFileSync(path.join(dir, file), 'utf8');
      checkPageTemplate(file, source, { rawAllowed });
      return source;
    };
    const compile = (name: string, rawAllowed?: readonly string[]): HandlebarsTemplateDelegate =>
      env.compile(read(`${name}.hbs`, rawAllowed), { strict: true });
    env.registerPartial('routes', read('routes.partial.hbs'));
    this.layout = compile('layout', ['body']);
    this.pages = new Map(PAGE_TEMPLATES.map((name) => [name, compile(name)]));
    const css = readFileSync(path.join(dir, 'ixora.css'), 'utf8');
    const version = createHash('sha256').update(css).digest('hex').slice(0, 16);
    this.stylesheet = { css, etag: `"${version}"`, version, href: `${STYLESHEET_PATH}?v=${version}` };
  }

  render(page: PageTemplate, title: string, view: object, search = ''): string {
    const body = this.pages.get(page)!(view);
    return this.layout({
      title,
      search,
      stylesheet: this.stylesheet.href,
      body: new Handlebars.SafeString(body),
    });
  }
}
