import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { normaliseModel, type NormalisedModel } from './route-server-config.normaliser.js';
import type { RouteServerConfigModel } from './route-server-config.model.js';
import { buildRenderView } from './route-server-config.view.js';

const PARTIALS = ['header', 'rpki', 'import-function', 'functions', 'members', 'sessions'] as const;

/**
 * `templates/bird` at the repository root, found by walking up from this module, so it resolves
 * from `libs/bird-config/src` (tests) and from `dist/libs/bird-config/src` (built) alike.
 */
export function findBirdTemplatesDir(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let directory = start;
  for (;;) {
    const candidate = path.join(directory, 'templates', 'bird');
    if (existsSync(path.join(candidate, 'route-server.hbs'))) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`templates/bird not found above ${start}`);
    directory = parent;
  }
}

interface CompiledTemplate {
  readonly render: (view: object) => string;
  /** SHA-256 of every template's source: a template change is an input of every session. */
  readonly fingerprint: string;
}
const compiled = new Map<string, CompiledTemplate>();

/** Helpers only format values the view already decided. */
function createEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  // A BIRD set literal, one element a line; `[ ]` when empty (BIRD matches nothing against it).
  env.registerHelper('birdSet', (elements: readonly string[]) =>
    elements.length === 0 ? '[ ]' : `[\n  ${elements.join(',\n  ')}\n]`,
  );
  // Lines `prefix + item + suffix`, for long uniform lists (ROAs) without a per-item template call.
  env.registerHelper('birdLines', (items: readonly string[], prefix: string, suffix: string) =>
    items.map((item) => `${prefix}${item}${suffix}`).join('\n'),
  );
  return env;
}

function loadTemplate(templatesDir: string): CompiledTemplate {
  const cached = compiled.get(templatesDir);
  if (cached) return cached;
  const env = createEnvironment();
  const read = (name: string): string => readFileSync(path.join(templatesDir, `${name}.hbs`), 'utf8');
  const options = { noEscape: true, strict: true };
  const hash = createHash('sha256');
  for (const name of PARTIALS) {
    const source = read(name);
    hash.update(`${name}\u0000${source}\u0000`);
    env.registerPartial(name, env.compile(source, options));
  }
  const source = read('route-server');
  hash.update(source);
  const template = { render: env.compile(source, options), fingerprint: hash.digest('hex') };
  compiled.set(templatesDir, template);
  return template;
}

export interface RenderOptions {
  /** Default: `templates/bird` found by {@link findBirdTemplatesDir}. */
  readonly templatesDir?: string;
}

/**
 * The complete BIRD 2 config of one route server. Pure apart from reading the templates once:
 * validates and normalises the model, so equal models give byte-for-byte equal text.
 */
export function renderRouteServerConfig(model: RouteServerConfigModel, options: RenderOptions = {}): string {
  return renderNormalisedModel(normaliseModel(model), options);
}

/**
 * Renders a model that is already normalised. Not exported from the lib: callers go through
 * {@link renderRouteServerConfig}; tests use it to show that the view keeps text that slipped past
 * the normaliser out of the config structure.
 */
export function renderNormalisedModel(model: NormalisedModel, options: RenderOptions = {}): string {
  const template = loadTemplate(options.templatesDir ?? findBirdTemplatesDir());
  return template.render(buildRenderView(model, { templateFingerprint: template.fingerprint }));
}
