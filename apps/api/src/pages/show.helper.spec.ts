import Handlebars from 'handlebars';
import { checkPageTemplate, showHelper, showText } from './show.helper.js';

describe('showText', () => {
  it('escapes HTML', () => {
    expect(showText('<b title="x">A & B</b>')).toBe('&lt;b title&#x3D;&quot;x&quot;&gt;A &amp; B&lt;/b&gt;');
  });

  it.each([
    ['right-to-left override', 'Evil\u202Egnp.exe', 'Evil\\u202Egnp.exe'],
    [
      'left-to-right and right-to-left embeddings, pop',
      '\u202A\u202B\u202C\u202D',
      '\\u202A\\u202B\\u202C\\u202D',
    ],
    ['isolates', '\u2066a\u2067b\u2068c\u2069', '\\u2066a\\u2067b\\u2068c\\u2069'],
    ['marks', 'x\u200E\u200F\u061C', 'x\\u200E\\u200F\\u061C'],
    ['zero-width space, joiner, byte-order mark', 'a\u200Bb\u200Dc\uFEFF', 'a\\u200Bb\\u200Dc\\uFEFF'],
    ['C0, DEL and C1 controls', 'a\u0000b\u001Bc\u007Fd\u0085', 'a\\u0000b\\u001Bc\\u007Fd\\u0085'],
    ['line and paragraph separators', 'a\u2028b\u2029', 'a\\u2028b\\u2029'],
    ['Hangul filler', '\u3164', '\\u3164'],
    ['a tag character beyond the BMP', 'x\u{E0041}', 'x\\u{E0041}'],
  ])('shows %s as visible escapes', (_, input, shown) => {
    expect(showText(input)).toBe(shown);
  });

  it('keeps letters of every script, emoji and HTML whitespace as they are', () => {
    const text = 'Réseau Ελλάς שלום مرحبا 日本 🙂\ttab\nline';
    expect(showText(text)).toBe(text);
  });
});

describe('the show helper', () => {
  const render = (source: string, view: object): string => {
    const env = Handlebars.create();
    env.registerHelper('show', showHelper);
    return env.compile(source, { strict: true })(view);
  };

  it('prints strings escaped and numbers', () => {
    expect(render('{{show name}} AS{{show asn}}', { name: '<i>\u202E</i>', asn: 64500 })).toBe(
      '&lt;i&gt;\\u202E&lt;/i&gt; AS64500',
    );
  });

  it('fails on a missing field, an object or a call without a value', () => {
    expect(() => render('{{show name}}', {})).toThrow('{{show}} prints strings and numbers, not undefined');
    expect(() => render('{{show name}}', { name: { a: 1 } })).toThrow('not object');
    expect(() => render('{{show}}', {})).toThrow('{{show}} takes exactly one value');
  });
});

describe('checkPageTemplate', () => {
  it('accepts show, block helpers, partials and comments', () => {
    expect(() =>
      checkPageTemplate(
        'ok.hbs',
        '{{!-- c --}}{{#each rows}}<a href="{{show href}}">{{show name}}</a>{{else}}none{{/each}}{{#if x}}{{> p}}{{/if}}',
      ),
    ).not.toThrow();
  });

  it.each([
    [
      'a plain mustache',
      '<p>{{name}}</p>',
      'templates/web/bad.hbs: line 1: prints "name" without {{show}}; write {{show name}}',
    ],
    ['a raw mustache', '\n{{{name}}}', 'line 2: prints "name" without {{show}}'],
    ['an ampersand mustache', '{{& name}}', 'prints "name" without {{show}}'],
    ['raw show', '{{{show name}}}', '{{{show …}}} must use two braces'],
    ['show with two values', '{{show a b}}', '{{show}} takes exactly one value'],
    ['another helper', '{{lookup a b}}', 'prints "lookup" without {{show}}'],
    ['a plain mustache inside a block', '{{#each rows}}{{this}}{{/each}}', 'prints "this" without {{show}}'],
  ])('refuses %s', (_, source, message) => {
    expect(() => checkPageTemplate('bad.hbs', source)).toThrow(message);
  });

  it('allows only the named raw insertions', () => {
    expect(() => checkPageTemplate('layout.hbs', '{{{body}}}', { rawAllowed: ['body'] })).not.toThrow();
    expect(() => checkPageTemplate('layout.hbs', '{{body}}', { rawAllowed: ['body'] })).toThrow('"body"');
    expect(() => checkPageTemplate('layout.hbs', '{{{title}}}', { rawAllowed: ['body'] })).toThrow('"title"');
  });
});
