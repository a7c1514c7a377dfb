import { invalidValue } from '@ixora/errors';
import { parseAsSetName } from '@ixora/net';

/**
 * Text that reaches a BIRD config. BIRD's lexer has no escapes inside strings: a string runs from
 * `"` to the next `"` and may not contain a newline, so a `"` or a line break in free text would end
 * the string and let the rest be parsed as config (config injection). Free text (descriptions) is
 * therefore reduced to printable ASCII without `"` and `\`; secrets (MD5 keys) are validated, never
 * altered, because a silently changed key would break the session.
 */

const PRINTABLE_SAFE = /^[\x20-\x7e]*$/;
const DESCRIPTION_MAX_LENGTH = 120;
/** RFC 2385 keys are at most 80 octets (TCP_MD5SIG_MAXKEYLEN). */
const MD5_PASSWORD_MAX_LENGTH = 80;

/**
 * Makes free text safe inside a BIRD string: accents are dropped (NFKD), every other character
 * outside printable ASCII, and `"`, `\`, becomes `?`; runs of whitespace become one space; the
 * result is trimmed and cut to 120 characters. Returns the text without the surrounding quotes.
 */
export function sanitiseBirdText(text: string): string {
  const result = foldToOneLine(text);
  return result.length > DESCRIPTION_MAX_LENGTH ? result.slice(0, DESCRIPTION_MAX_LENGTH).trimEnd() : result;
}

/**
 * Makes text safe as the rest of a `#` comment line: as {@link sanitiseBirdText} but not cut, and
 * each block-comment mark (slash-star, star-slash) becomes `??`. A `#` comment ends only at a line
 * break, which never survives; without the marks the text cannot open or close a comment either,
 * whatever line it is placed in.
 */
export function sanitiseBirdComment(text: string): string {
  return foldToOneLine(text).replace(/\/\*|\*\//g, '??');
}

/** Printable ASCII without `"` and `\` (others become `?`), whitespace runs as one space, trimmed. */
function foldToOneLine(text: string): string {
  const folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let result = '';
  for (const char of folded) {
    if (/\s/u.test(char)) result += ' ';
    else if (char === '"' || char === '\\' || !PRINTABLE_SAFE.test(char)) result += '?';
    else result += char;
  }
  return result.replace(/ {2,}/g, ' ').trim();
}

/** A BIRD string literal (with quotes) of sanitised free text. */
export function quoteBirdText(text: string): string {
  return `"${sanitiseBirdText(text)}"`;
}

/** Throws unless `password` can be written into a BIRD string unchanged. */
export function checkMd5Password(password: string, field = 'md5Password'): string {
  if (typeof password !== 'string' || password.length === 0) {
    throw invalidValue(field, '***', 'is empty (omit it for no TCP MD5 signature)');
  }
  if (password.length > MD5_PASSWORD_MAX_LENGTH) {
    throw invalidValue(
      field,
      '***',
      `is longer than ${MD5_PASSWORD_MAX_LENGTH} characters (RFC 2385 key limit)`,
    );
  }
  if (!PRINTABLE_SAFE.test(password) || password.includes('"') || password.includes('\\')) {
    // The value is a secret: name the rule, never echo it.
    throw invalidValue(field, '***', 'may contain only printable ASCII characters other than `"` and `\\`');
  }
  return password;
}

const IDENTIFIER_TEXT = /^[A-Za-z0-9._-]{1,64}$/;

/** Names written into comments (route server name): a strict character set, or an error. */
export function checkConfigName(name: string, field: string): string {
  if (typeof name !== 'string' || !IDENTIFIER_TEXT.test(name)) {
    throw invalidValue(field, name, 'may contain only letters, digits, ".", "_" and "-" (1..64 characters)');
  }
  return name;
}

/**
 * The IRR object a member's filters were expanded from, as the config names it in a comment: an
 * RPSL set name (RFC 2622 §5: "AS-" names, hierarchical with ":" and ASN components, optionally
 * source-pinned) or a plain ASN, which IX-F exports write for members without an AS-SET (IXP
 * Manager's `as_macro: "AS64500"`) and which means that ASN's route objects, as in bgpq4. The
 * grammar is `parseAsSetName` of `@ixora/net`, the one the IRR client queries with; the name is
 * returned in its canonical upper-case form (`as64500` becomes `AS64500`). Anything else is
 * rejected, because the name is printed into the config.
 */
export function checkAsSetName(name: string, field = 'asSet'): string {
  if (typeof name !== 'string') throw invalidValue(field, name, 'is not an RPSL as-set name or an ASN');
  return parseAsSetName(name, field).text;
}
