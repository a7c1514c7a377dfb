import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { firstValue, listValues, parseRpsl, RpslAssembler, type RpslObject } from './rpsl.parser.js';

interface SourcedMembers {
  readonly source: string;
  readonly members: string[];
}

interface OriginRoutes {
  readonly v4: string[];
  readonly v6: string[];
}

/**
 * The data an IRRd answers from: as-sets (by name and source) and route/route6 prefixes (by
 * origin and source). Names and sources are case-insensitive and kept upper-case, as IRRd does.
 */
export class IrrTestDatabase {
  private readonly sourceOrder: string[] = [];
  private readonly asSets = new Map<string, SourcedMembers[]>();
  private readonly routes = new Map<number, Map<string, OriginRoutes>>();

  /** Loads RPSL text; objects without a `source:` get `defaultSource`. */
  static fromRpsl(text: string, defaultSource = 'TEST'): IrrTestDatabase {
    return new IrrTestDatabase().loadRpsl(text, defaultSource);
  }

  get sources(): readonly string[] {
    return this.sourceOrder;
  }

  loadRpsl(text: string, defaultSource = 'TEST'): this {
    for (const object of parseRpsl(text)) this.addObject(object, defaultSource);
    return this;
  }

  /** Streams an RPSL file (a registry dump of any size) into the database. */
  async loadRpslFile(file: string, defaultSource = 'TEST'): Promise<this> {
    const assembler = new RpslAssembler((object) => this.addObject(object, defaultSource));
    const lines = createInterface({ input: createReadStream(file, 'latin1'), crlfDelay: Infinity });
    for await (const line of lines) assembler.line(line);
    assembler.end();
    return this;
  }

  addObject(object: RpslObject, defaultSource = 'TEST'): void {
    const source = (firstValue(object, 'source') ?? defaultSource).split(/\s/)[0] ?? defaultSource;
    if (object.objectClass === 'as-set') this.addAsSet(object.key, listValues(object, 'members'), source);
    else if (object.objectClass === 'route' || object.objectClass === 'route6') {
      const origin = firstValue(object, 'origin');
      if (origin !== undefined) this.addRoute(object.key, origin, source);
    }
  }

  addAsSet(name: string, members: readonly string[], source: string): void {
    const key = name.toUpperCase();
    const entries = this.asSets.get(key) ?? [];
    entries.push({ source: this.noteSource(source), members: members.map((member) => member.toUpperCase()) });
    this.asSets.set(key, entries);
  }

  addRoute(prefix: string, origin: string | number, source: string): void {
    const asn = typeof origin === 'number' ? origin : Number(origin.replace(/^AS/i, ''));
    if (!Number.isInteger(asn)) throw new Error(`route ${prefix}: origin ${String(origin)} is not an ASN`);
    const bySource = this.routes.get(asn) ?? new Map<string, OriginRoutes>();
    this.routes.set(asn, bySource);
    const sourceKey = this.noteSource(source);
    const lists = bySource.get(sourceKey) ?? { v4: [], v6: [] };
    bySource.set(sourceKey, lists);
    (prefix.includes(':') ? lists.v6 : lists.v4).push(prefix.toLowerCase());
  }

  hasSource(source: string): boolean {
    return this.sourceOrder.includes(source.toUpperCase());
  }

  /** Direct members of a set in the given sources, or undefined if no selected source has it. */
  directMembers(name: string, sources: readonly string[]): string[] | undefined {
    const entries = this.asSets.get(name.toUpperCase())?.filter((entry) => sources.includes(entry.source));
    if (!entries || entries.length === 0) return undefined;
    return [...new Set(entries.flatMap((entry) => entry.members))];
  }

  /** Every ASN reachable from the set through nested sets; loops are followed once. */
  expandAsSet(name: string, sources: readonly string[]): number[] | undefined {
    if (!this.directMembers(name, sources)) return undefined;
    const asns = new Set<number>();
    const seen = new Set<string>();
    const pending = [name.toUpperCase()];
    while (pending.length > 0) {
      const set = pending.pop() as string;
      if (seen.has(set)) continue;
      seen.add(set);
      for (const member of this.directMembers(set, sources) ?? []) {
        if (/^AS\d+$/.test(member)) asns.add(Number(member.slice(2)));
        else pending.push(member);
      }
    }
    return [...asns].sort((a, b) => a - b);
  }

  /** Route (v4) or route6 (v6) prefixes registered with this origin in the given sources. */
  prefixesOf(asn: number, family: 4 | 6, sources: readonly string[]): string[] {
    const bySource = this.routes.get(asn);
    if (!bySource) return [];
    const out = new Set<string>();
    for (const source of sources) {
      const lists = bySource.get(source);
      if (lists) for (const prefix of family === 4 ? lists.v4 : lists.v6) out.add(prefix);
    }
    return [...out];
  }

  private noteSource(source: string): string {
    const key = source.toUpperCase();
    if (!this.sourceOrder.includes(key)) this.sourceOrder.push(key);
    return key;
  }
}
