import { invalidValue } from '@ixora/errors';
import { IpAddress, IpPrefix } from '@ixora/net';

/**
 * Longest command line we ever send. BIRD 2.0.12 stops answering its socket (and its BGP sessions
 * drop) when a command line longer than about 4 KiB arrives in pieces; nothing we build comes near
 * 512 bytes, so the cap only ever stops a bug.
 */
export const MAX_COMMAND_BYTES = 512;

/** Longest config file path accepted in `configure "FILE"`. */
export const MAX_CONFIG_PATH_BYTES = 400;

const commandBrand: unique symbol = Symbol('BirdCommand');

/** A command line made by this builder from typed arguments; there is no other way to make one. */
export interface BirdCommand {
  readonly text: string;
  readonly [commandBrand]: true;
}

/**
 * BIRD symbol names (protocols, tables) as the config lexer accepts them unquoted. We never quote
 * a symbol, so a name can only ever be one token of the command.
 */
const SYMBOL = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_SYMBOL_LENGTH = 64;

/** Printable ASCII (space to tilde) except the double quote and backslash, which end or escape a string. */
const SAFE_PATH = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;

export function checkSymbol(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalidValue(field, value, 'must be a BIRD symbol name');
  if (value.length > MAX_SYMBOL_LENGTH)
    throw invalidValue(field, value, `is longer than ${MAX_SYMBOL_LENGTH} characters`);
  if (!SYMBOL.test(value))
    throw invalidValue(field, value, 'must be letters, digits and "_", not starting with a digit');
  return value;
}

export function checkConfigPath(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalidValue(field, value, 'must be a file path');
  if (Buffer.byteLength(value) > MAX_CONFIG_PATH_BYTES)
    throw invalidValue(field, value, `is longer than ${MAX_CONFIG_PATH_BYTES} bytes`);
  if (!SAFE_PATH.test(value)) {
    throw invalidValue(field, value, "may hold only printable ASCII characters other than '\"' and '\\'");
  }
  return value;
}

function toPrefix(field: string, value: IpPrefix | string): IpPrefix {
  return value instanceof IpPrefix ? value : IpPrefix.parse(value, { field });
}

function toAddress(field: string, value: IpAddress | string): IpAddress {
  return value instanceof IpAddress ? value : IpAddress.parse(value, field);
}

function command(words: readonly string[]): BirdCommand {
  const text = words.join(' ');
  // Every word is checked by its builder; this is the last line of defence for the wire format.
  if (/[\x00-\x1f\x7f]/.test(text))
    throw invalidValue('command', text, 'must not contain control characters');
  if (Buffer.byteLength(text) > MAX_COMMAND_BYTES)
    throw invalidValue('command', text, `is longer than ${MAX_COMMAND_BYTES} bytes`);
  return { text, [commandBrand]: true };
}

export function showStatusCommand(): BirdCommand {
  return command(['show', 'status']);
}

export function restrictCommand(): BirdCommand {
  return command(['restrict']);
}

export function showProtocolsCommand(options: { all?: boolean; name?: string } = {}): BirdCommand {
  const words = ['show', 'protocols'];
  if (options.all) words.push('all');
  if (options.name !== undefined) words.push(checkSymbol('protocol', options.name));
  return command(words);
}

export type BirdSymbolKind = 'table' | 'protocol' | 'filter' | 'function' | 'constant' | 'template';

export function showSymbolsCommand(kind: BirdSymbolKind): BirdCommand {
  return command(['show', 'symbols', kind]);
}

/**
 * What `show route` selects. No raw filter or `where` clause: every field is typed and validated.
 */
export interface RouteQuery {
  /** Routing table (BIRD symbol, e.g. `master4`); BIRD's default tables when absent. */
  readonly table?: string;
  /** Every routing table (`table all`); not with `table`. */
  readonly allTables?: boolean;
  /** Only routes from this protocol (`show route protocol P`). */
  readonly protocol?: string;
  /** Routes exported to this protocol (`show route export P`). */
  readonly export?: string;
  /** Routes the export filter of this protocol rejects (`show route noexport P`). */
  readonly noexport?: string;
  /** Routes the import filter rejected and kept (`import keep filtered`). */
  readonly filtered?: boolean;
  /** Only the best route for each network. */
  readonly primary?: boolean;
  /** This network exactly. */
  readonly prefix?: IpPrefix | string;
  /** The longest-match network covering this address or prefix (`show route for X`). */
  readonly for?: IpAddress | IpPrefix | string;
  /** Include attributes (`all`): type, BGP path attributes, communities. */
  readonly detail?: boolean;
}

/** `show route …` or `show route … count` for a query. */
export function showRouteCommand(query: RouteQuery, options: { count?: boolean } = {}): BirdCommand {
  const words = ['show', 'route'];
  if (query.prefix !== undefined && query.for !== undefined) {
    throw invalidValue('for', String(query.for), 'cannot be combined with prefix');
  }
  if (query.export !== undefined && query.noexport !== undefined) {
    throw invalidValue('noexport', query.noexport, 'cannot be combined with export');
  }
  if (query.allTables && query.table !== undefined) {
    throw invalidValue('allTables', true, 'cannot be combined with table');
  }
  if (query.filtered && (query.export !== undefined || query.noexport !== undefined)) {
    throw invalidValue(
      'filtered',
      true,
      'cannot be combined with export or noexport (filtered routes are never exported)',
    );
  }
  if (query.prefix !== undefined) words.push(toPrefix('prefix', query.prefix).toString());
  if (query.for !== undefined) {
    const target = query.for;
    const text =
      target instanceof IpAddress || target instanceof IpPrefix
        ? target.toString()
        : target.includes('/')
          ? toPrefix('for', target).toString()
          : toAddress('for', target).toString();
    words.push('for', text);
  }
  if (query.table !== undefined) words.push('table', checkSymbol('table', query.table));
  if (query.allTables) words.push('table', 'all');
  if (query.export !== undefined) words.push('export', checkSymbol('export', query.export));
  if (query.noexport !== undefined) words.push('noexport', checkSymbol('noexport', query.noexport));
  if (query.protocol !== undefined) words.push('protocol', checkSymbol('protocol', query.protocol));
  if (query.primary) words.push('primary');
  if (query.filtered) words.push('filtered');
  if (options.count) words.push('count');
  else if (query.detail) words.push('all');
  return command(words);
}

/** `configure check ["FILE"]` (parse only) or `configure ["FILE"]` (parse and apply). */
export function configureCommand(options: { check: boolean; file?: string }): BirdCommand {
  const words = options.check ? ['configure', 'check'] : ['configure'];
  if (options.file !== undefined) words.push(`"${checkConfigPath('file', options.file)}"`);
  return command(words);
}

/**
 * `reload in PROTOCOL`: BIRD runs the protocol's import filter again over the routes it holds
 * (with `import table on`, its Adj-RIB-In; otherwise it asks the peer for a route refresh). The
 * BGP session stays up. One protocol a command, so the line stays far below the 512-byte cap.
 */
export function reloadInCommand(protocol: string): BirdCommand {
  return command(['reload', 'in', checkSymbol('protocol', protocol)]);
}
