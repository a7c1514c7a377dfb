import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { findWebTemplatesDir } from '../pages/page.renderer.js';
import { checkPageTemplate, showHelper } from '../pages/show.helper.js';
import type { WebResponse } from './web.types.js';

/**
 * A page's name: its file under `templates/web/account/` without `.hbs` (`login`,
 * `portal/sessions`, `admin/ports`). Every file there is compiled (and checked) at start, so a
 * feature adds a page by adding its file.
 */
export type AccountPage = string;

/** Which section's navigation the header shows. */
export type PageArea = 'portal' | 'admin';

/** Who the header names, when someone is signed in. */
export interface SignedInHeader {
  readonly email: string;
  readonly csrf: string;
  /** The section whose links the header shows (none on the sign-in pages). */
  readonly area?: PageArea;
}

function pageFilesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? pageFilesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : entry.name.endsWith('.hbs')
          ? [`${prefix}${entry.name.slice(0, -'.hbs'.length)}`]
          : [],
    )
    .sort();
}

/**
 * The sign-in pages, `/portal` and `/admin`: logic-free Handlebars under `templates/web/account/`
 * printing only through `{{show x}}` (as the looking glass's pages), `strict` (a missing field
 * fails), one stylesheet file and no inline script or style, so the strict CSP holds.
 */
@Injectable()
export class AccountPageRenderer {
  private readonly layout: HandlebarsTemplateDelegate;
  private readonly pages: ReadonlyMap<AccountPage, HandlebarsTemplateDelegate>;
  readonly stylesheet: string;

  constructor() {
    const dir = path.join(findWebTemplatesDir(), 'account');
    const env = Handlebars.create();
    env.registerHelper('show', showHelper);
    const compile = (name: string, rawAllowed: readonly string[] = []): HandlebarsTemplateDelegate => {
      const source = readFileSync(path.join(dir, `${name}.hbs`), 'utf8');
      checkPageTemplate(`account/${name}.hbs`, source, { rawAllowed });
      return env.compile(source, { strict: true });
    };
    this.layout = compile('layout', ['body']);
    this.pages = new Map(
      pageFilesUnder(dir)
        .filter((name) => name !== 'layout')
        .map((name) => [name, compile(name)]),
    );
    this.stylesheet = readFileSync(path.join(dir, 'account.css'), 'utf8');
  }

  html(page: AccountPage, title: string, view: object, signedIn?: SignedInHeader): string {
    const template = this.pages.get(page);
    if (template === undefined) throw new Error(`no page template account/${page}.hbs`);
    const body = template(view);
    return this.layout({
      title,
      isSignedIn: signedIn !== undefined,
      isPortal: signedIn?.area === 'portal',
      isAdmin: signedIn?.area === 'admin',
      email: signedIn?.email ?? '',
      csrf: signedIn?.csrf ?? '',
      body: new Handlebars.SafeString(body),
    });
  }

  /** Sends a page; never cached (they show who is signed in, tokens and codes). */
  send(
    response: WebResponse,
    status: number,
    page: AccountPage,
    title: string,
    view: object,
    signedIn?: SignedInHeader,
  ): void {
    response.status(status);
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.send(this.html(page, title, view, signedIn));
  }
}
