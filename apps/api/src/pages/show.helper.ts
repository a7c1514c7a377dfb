import Handlebars from 'handlebars';

/**
 * Characters that change how text around them looks without showing themselves: C0/C1 controls
 * (but tab, line feed and carriage return, which HTML shows as spaces), format characters (the
 * bidi embeddings, overrides and isolates U+202A–202E and U+2066–2069, the marks U+200E, U+200F
 * and U+061C, zero-width characters, soft hyphen, byte-order mark, tag characters), line and
 * paragraph separators, and the Hangul fillers that render as blank letters.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/gu;
const WHITESPACE = new Set(['\t', '\n', '\r']);

/** `\u202E` for a BMP character, `\u{E0041}` beyond it: what a reader sees instead of the character. */
function visibleEscape(character: string): string {
  if (WHITESPACE.has(character)) return character;
  const code = character.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/** Text for a page: hidden characters as visible escapes (see `HIDDEN`), then HTML-escaped. */
export function showText(value: string): string {
  return Handlebars.escapeExpression(value.replace(HIDDEN, visibleEscape));
}

/**
 * The `{{show x}}` helper, the only way page templates print data (`checkPageTemplate`). Strings
 * and numbers only: a missing field (undefined) or an object is a bug in the view and fails the
 * render, as Handlebars' strict mode does for a plain `{{x}}`.
 */
export function showHelper(value: unknown, options: unknown): Handlebars.SafeString {
  if (typeof options !== 'object' || options === null || !('hash' in options))
    throw new Error('{{show}} takes exactly one value');
  if (typeof value === 'number' || typeof value === 'bigint') return new Handlebars.SafeString(String(value));
  if (typeof value !== 'string')
    throw new Error(`{{show}} prints strings and numbers, not ${value === null ? 'null' : typeof value}`);
  return new Handlebars.SafeString(showText(value));
}

/** The one raw insertion page templates may make: the layout's `{{{body}}}`, the page rendered with `show`. */
export interface PageTemplateRules {
  readonly rawAllowed?: readonly string[];
}

/**
 * Refuses a template that prints anything other than through `{{show x}}`: a plain `{{x}}`, a
 * raw `{{{x}}}` or `{{& x}}` (except the names in `rawAllowed`), or another helper's output.
 * Block helpers (`#if`, `#each`, ...) and partials are fine: they print nothing themselves.
 */
export function checkPageTemplate(name: string, source: string, rules: PageTemplateRules = {}): void {
  const problems: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const statement = node as hbs.AST.Node;
    if (statement.type === 'MustacheStatement') {
      const mustache = statement as hbs.AST.MustacheStatement;
      const path = mustache.path as hbs.AST.PathExpression;
      const line = mustache.loc.start.line;
      if (path.type === 'PathExpression' && path.original === 'show') {
        if (!mustache.escaped) problems.push(`line ${line}: {{{show …}}} must use two braces`);
        else if (mustache.params.length !== 1 || mustache.hash !== undefined)
          problems.push(`line ${line}: {{show}} takes exactly one value`);
      } else {
        const shown = path.type === 'PathExpression' ? path.original : path.type;
        const isAllowedRaw =
          !mustache.escaped && mustache.params.length === 0 && (rules.rawAllowed ?? []).includes(shown);
        if (!isAllowedRaw)
          problems.push(`line ${line}: prints "${shown}" without {{show}}; write {{show ${shown}}}`);
      }
    }
    for (const [key, child] of Object.entries(statement)) if (key !== 'loc') visit(child);
  };
  visit(Handlebars.parse(source));
  if (problems.length > 0) throw new Error(`templates/web/${name}: ${problems.join('; ')}`);
}
