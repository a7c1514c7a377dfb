import { Injectable, type MiddlewareConsumer, type Type } from '@nestjs/common';
import type { Actor, Member, ResolvedWebSession } from '@ixora/domain';
import { AccountPageRenderer, type AccountPage, type PageArea } from './account-page.renderer.js';
import { FormBodyMiddleware } from './form-body.middleware.js';
import { homeOf, pathForStage, WebGate, type WebContext } from './web-gate.js';
import type { WebRequest, WebResponse } from './web.types.js';

/** A request from a signed-in user whose sign-in is complete. */
export interface SignedInPage {
  readonly context: WebContext;
  readonly signedIn: ResolvedWebSession;
  readonly actor: Actor;
}

/** A request from a member's user (member_admin or member_user), with its member. */
export interface MemberPage extends SignedInPage {
  readonly member: Member;
  readonly isMemberAdmin: boolean;
}

/**
 * What every portal and staff-console page does first: who asks, may they, and the answer's
 * frame. A method returns `undefined` when it has already answered (sign-in redirect, the next
 * sign-in step, a 404 for a page the user may not know exists, a refused form): the controller
 * then returns.
 *
 * ```ts
 * const page = await this.web.member(request, response);
 * if (!page) return;
 * this.web.send(response, page, 'portal/sessions', 'Sessions', view);
 * ```
 */
@Injectable()
export class WebPages {
  constructor(
    readonly gate: WebGate,
    readonly renderer: AccountPageRenderer,
  ) {}

  /** Any signed-in user (GET). */
  async signedIn(request: WebRequest, response: WebResponse): Promise<SignedInPage | undefined> {
    return this.signedInOf(await this.gate.context(request, response), response);
  }

  /** Staff (role admin) only; anyone else signed in gets 404 (GET). */
  async staff(request: WebRequest, response: WebResponse): Promise<SignedInPage | undefined> {
    return this.staffOf(await this.gate.context(request, response), response);
  }

  /** A member's user, with its member; staff are sent to the console (GET). */
  async member(request: WebRequest, response: WebResponse): Promise<MemberPage | undefined> {
    return this.memberOf(await this.gate.context(request, response), response);
  }

  /** As `staff`, for a posted form: its CSRF token is checked first. */
  async staffForm(request: WebRequest, response: WebResponse): Promise<SignedInPage | undefined> {
    const context = await this.formContext(request, response);
    return context && this.staffOf(context, response);
  }

  /** As `member`, for a posted form: its CSRF token is checked first. */
  async memberForm(request: WebRequest, response: WebResponse): Promise<MemberPage | undefined> {
    const context = await this.formContext(request, response);
    return context && this.memberOf(context, response);
  }

  private signedInOf(context: WebContext, response: WebResponse): SignedInPage | undefined {
    const signedIn = context.signedIn;
    if (!signedIn) {
      response.redirect(303, '/login');
      return undefined;
    }
    if (signedIn.stage !== 'full') {
      response.redirect(303, pathForStage(signedIn.stage, signedIn.actor));
      return undefined;
    }
    return { context, signedIn, actor: signedIn.actor };
  }

  private staffOf(context: WebContext, response: WebResponse): SignedInPage | undefined {
    const page = this.signedInOf(context, response);
    if (!page) return undefined;
    if (page.actor.role !== 'admin') {
      this.notFound(response, page.context);
      return undefined;
    }
    return page;
  }

  private memberOf(context: WebContext, response: WebResponse): MemberPage | undefined {
    const page = this.signedInOf(context, response);
    if (!page) return undefined;
    if (page.actor.role === 'admin') {
      response.redirect(303, '/admin');
      return undefined;
    }
    const member = page.signedIn.member;
    if (member === null) {
      this.notFound(response, page.context);
      return undefined;
    }
    return { ...page, member, isMemberAdmin: page.actor.role === 'member_admin' };
  }

  /** Sends a page of the portal (member pages) or the console (staff pages), with its navigation. */
  send(
    response: WebResponse,
    page: SignedInPage,
    template: AccountPage,
    title: string,
    view: object,
    status = 200,
  ): void {
    const area: PageArea = page.actor.role === 'admin' ? 'admin' : 'portal';
    this.renderer.send(response, status, template, title, view, {
      email: page.signedIn.user.email,
      csrf: page.context.csrf,
      area,
    });
  }

  /** 404, for a page that does not exist or that this user may not know exists. */
  notFound(response: WebResponse, context: WebContext): void {
    const signedIn = context.signedIn;
    this.renderer.send(
      response,
      404,
      'message',
      'Not found',
      {
        heading: 'Not found',
        message: 'There is no such page.',
        href: signedIn?.actor.role === 'admin' ? '/admin' : '/portal',
        linkText: signedIn?.actor.role === 'admin' ? 'Staff console' : 'Your portal',
      },
      signedIn ? { email: signedIn.user.email, csrf: context.csrf } : undefined,
    );
  }

  /** 403 for a form without this browser's CSRF token; its link goes back to the user's home. */
  refuseForm(response: WebResponse, context: WebContext): void {
    const home = context.signedIn ? homeOf(context.signedIn.actor) : undefined;
    refuseCsrf(this.renderer, response, context, home ? { href: home, linkText: 'Back' } : undefined);
  }

  private async formContext(request: WebRequest, response: WebResponse): Promise<WebContext | undefined> {
    const context = await this.gate.context(request, response);
    if (this.gate.isCsrfValid(context, request)) return context;
    this.refuseForm(response, context);
    return undefined;
  }
}

/**
 * Lets a feature module's controllers read HTML forms: call from its `configure`.
 * (The API keeps JSON only; the form reader runs for the pages' controllers alone.)
 */
export function readFormsFor(consumer: MiddlewareConsumer, controllers: readonly Type[]): void {
  consumer.apply(FormBodyMiddleware).forRoutes(...controllers);
}

/**
 * 403 for a form without this browser's CSRF token: a page on another site, or an old tab. The
 * sign-in pages link back to sign-in; portal and console pages to the user's home.
 */
export function refuseCsrf(
  pages: AccountPageRenderer,
  response: WebResponse,
  context: WebContext,
  back: { href: string; linkText: string } = { href: '/login', linkText: 'Back to sign-in' },
): void {
  pages.send(
    response,
    403,
    'message',
    'Refused',
    {
      heading: 'The form was refused',
      message:
        'It did not carry this browser’s form token (CSRF): it was sent from another site, or the page was too old. Open the page again and resend.',
      ...back,
    },
    context.signedIn ? { email: context.signedIn.user.email, csrf: context.csrf } : undefined,
  );
}
