import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { findWebTemplatesDir } from '../pages/page.renderer.js';
import type { WebResponse } from './web.types.js';

export const ACCOUNT_PAGES = [
  'login',
  'two-factor',
  'enrol',
  'recovery-codes',
  'reset-request',
  'reset-sent',
  'reset-form',
  'message',
  'portal',
  'admin',
  'outbox',
] as const;
export type AccountPage = (typeof ACCOUNT_PAGES)[number];

/** Who the header names, when someone is signed in. */
export interface SignedInHeader {
  readonly email: string;
  readonly csrf: string;
}

/**
 * The sign-in pages, `/portal` and `/admin`: logic-free Handlebars under `templates/web/account/`
 * with HTML escaping and `strict` (a missing field fails), one stylesheet file and no inline
 * script or style, so a strict Content-Security-Policy holds.
 */
@Injectable()
export class AccountPageRenderer {
  private readonly layout: HandlebarsTemplateDelegate;
  private readonly pages: ReadonlyMap<AccountPage, HandlebarsTemplateDelegate>;
  readonly stylesheet: string;

  constructor() {
    const dir = path.join(findWebTemplatesDir(), 'account');
    const env = Handlebars.create();
    const compile = (name: string): HandlebarsTemplateDelegate =>
      env.compile(readFileSync(path.join(dir, `${name}.hbs`), 'utf8'), { strict: true });
    this.layout = compile('layout');
    this.pages = new Map(ACCOUNT_PAGES.map((name) => [name, compile(name)]));
    this.stylesheet = readFileSync(path.join(dir, 'account.css'), 'utf8');
  }

  html(page: AccountPage, title: string, view: object, signedIn?: SignedInHeader): string {
    const body = this.pages.get(page)!(view);
    return this.layout({
      title,
      isSignedIn: signedIn !== undefined,
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
