import helmet from 'helmet';

type Handler = ReturnType<typeof helmet>;
type Request = Parameters<Handler>[0] & { url?: string };

/**
 * The Content-Security-Policy of every page and API answer: nothing but same-origin stylesheets,
 * images and form posts; no script at all, inline or not, and no framing (docs/adr/0016).
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'form-action': ["'self'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const;

/**
 * The OpenAPI UI is Swagger UI, which runs its own same-origin scripts and has inline styles
 * and `data:` icons in its page; it gets those and nothing more (still no inline script).
 */
export const DOCS_CONTENT_SECURITY_POLICY = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const;

const isDocs = (url: string | undefined): boolean => /^\/api\/docs(?:[/?#-]|$)/.test(url ?? '');

function headersWith(directives: Record<string, readonly string[]>): Handler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // X-Frame-Options for browsers that predate frame-ancestors.
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HTTPS belongs to the reverse proxy in front of ixora: it decides on HSTS for its host names.
    strictTransportSecurity: false,
  });
}

/**
 * Express middleware setting the security headers (CSP, X-Content-Type-Options: nosniff,
 * X-Frame-Options: DENY, Referrer-Policy and helmet's other defaults) on every answer, errors
 * included; `createApiApp` installs it before anything else.
 */
export function securityHeaders(): Handler {
  const everywhere = headersWith(CONTENT_SECURITY_POLICY);
  const docs = headersWith(DOCS_CONTENT_SECURITY_POLICY);
  return (request, response, next) =>
    (isDocs((request as Request).url) ? docs : everywhere)(request, response, next);
}
