import { Inject, Injectable } from '@nestjs/common';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import { WebSessionService, type ResolvedWebSession } from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
import type { Actor } from '@ixora/domain';
import type { WebSessionStage } from '@ixora/domain';
import {
  cookieHeader,
  CSRF_COOKIE,
  csrfTokenFor,
  isCsrfTokenValid,
  newCsrfBinding,
  parseCookies,
  SESSION_COOKIE,
  signCookieValue,
  unsignCookieValue,
} from './web-cookies.js';
import { formField, type WebRequest, type WebResponse } from './web.types.js';

/** One request's view of the browser: its session (if any) and the CSRF token its forms carry. */
export interface WebContext {
  readonly signedIn: ResolvedWebSession | undefined;
  /** The cookie's session id (the CSRF binding when signed in). */
  readonly sessionToken: string | undefined;
  readonly csrf: string;
  readonly csrfBinding: string;
}

/** Where a user lands after signing in: staff on `/admin`, members' users on `/portal`. */
export function homeOf(actor: Actor): string {
  return actor.role === 'admin' ? '/admin' : '/portal';
}

/** Where an unfinished sign-in goes next. */
export function pathForStage(stage: WebSessionStage, actor: Actor): string {
  if (stage === 'two_factor') return '/login/two-factor';
  if (stage === 'enrol') return '/account/two-factor';
  return homeOf(actor);
}

/** Cookies and CSRF for the sign-in pages, `/portal` and `/admin`. */
@Injectable()
export class WebGate {
  private readonly secret: string;

  constructor(
    @Inject(IXORA_CONFIG) config: IxoraConfig,
    private readonly sessions: WebSessionService,
  ) {
    if (config.sessionSecret === undefined)
      throw new IxoraError(
        'invalid_value',
        'SESSION_SECRET: must be set (32+ characters) when WEB_SIGN_IN is on',
        {
          field: 'SESSION_SECRET',
        },
      );
    this.secret = config.sessionSecret;
  }

  /**
   * Reads the session cookie (an unknown, forged or timed-out one is cleared) and makes sure the
   * browser has something to bind CSRF tokens to before sign-in.
   */
  async context(request: WebRequest, response: WebResponse): Promise<WebContext> {
    const cookies = parseCookies(request.headers.cookie);
    const rawSession = cookies.get(SESSION_COOKIE);
    const sessionToken = unsignCookieValue(this.secret, rawSession);
    const signedIn =
      sessionToken === undefined ? undefined : ((await this.sessions.resolve(sessionToken)) ?? undefined);
    if (rawSession !== undefined && signedIn === undefined) this.clearSession(request, response);
    if (signedIn && sessionToken)
      return {
        signedIn,
        sessionToken,
        csrf: csrfTokenFor(this.secret, sessionToken),
        csrfBinding: sessionToken,
      };
    let binding = cookies.get(CSRF_COOKIE);
    if (binding === undefined || !/^[A-Za-z0-9_-]{32}$/.test(binding)) {
      binding = newCsrfBinding();
      response.append('Set-Cookie', cookieHeader(CSRF_COOKIE, binding, { secure: request.secure }));
    }
    return {
      signedIn: undefined,
      sessionToken: undefined,
      csrf: csrfTokenFor(this.secret, binding),
      csrfBinding: binding,
    };
  }

  /** Whether a posted form carries the CSRF token of this browser (`_csrf`). */
  isCsrfValid(context: WebContext, request: WebRequest): boolean {
    return isCsrfTokenValid(this.secret, context.csrfBinding, formField(request, '_csrf'));
  }

  /** Sets the session cookie; returns the CSRF token that forms of the new session carry. */
  setSession(request: WebRequest, response: WebResponse, token: string): string {
    response.append(
      'Set-Cookie',
      cookieHeader(SESSION_COOKIE, signCookieValue(this.secret, token), { secure: request.secure }),
    );
    return csrfTokenFor(this.secret, token);
  }

  clearSession(request: WebRequest, response: WebResponse): void {
    response.append(
      'Set-Cookie',
      cookieHeader(SESSION_COOKIE, '', { secure: request.secure, maxAgeSeconds: 0 }),
    );
  }
}
