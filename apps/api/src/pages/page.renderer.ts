import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';

export const PAGE_TEMPLATES = ['index', 'neighbor', 'search', 'error'] as const;
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

/**
 * Server-rendered pages from logic-free Handlebars templates with Handlebars' normal HTML
 * escaping (everything shown comes from BIRD and members: descriptions, communities). `strict`
 * makes a template that names a missing field fail instead of printing nothing.
 */
@Injectable()
export class PageRenderer {
  private readonly layout: HandlebarsTemplateDelegate;
  private readonly pages: ReadonlyMap<PageTemplate, HandlebarsTemplateDelegate>;

  constructor() {
    const dir = findWebTemplatesDir();
    const env = Handlebars.create();
    const compile = (name: string): HandlebarsTemplateDelegate =>
      env.compile(readFileSync(path.join(dir, `${name}.hbs`), 'utf8'), { strict: true });
    env.registerPartial('routes', readFileSync(path.join(dir, 'routes.partial.hbs'), 'utf8'));
    this.layout = compile('layout');
    this.pages = new Map(PAGE_TEMPLATES.map((name) => [name, compile(name)]));
  }

  render(page: PageTemplate, title: string, view: object, search = ''): string {
    const body = this.pages.get(page)!(view);
    return this.layout({ title, search, body: new Handlebars.SafeString(body) });
  }
}
