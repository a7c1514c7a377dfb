/**
 * RPSL text (RFC 2622 §2) as IRR databases and their split dumps write it: objects separated by
 * blank lines, "attribute: value" lines, continuation lines starting with a space, a tab or "+",
 * and "#" comments to the end of a line (also straight after a value, as in "RIPE# Filtered").
 * Lines starting with "%" or "#" outside an object are server remarks and dump headers.
 */
export interface RpslAttribute {
  readonly name: string;
  readonly value: string;
}

export interface RpslObject {
  /** The class is the first attribute's name ("as-set", "route6", ...). */
  readonly objectClass: string;
  /** The first attribute's value: the object's primary key. */
  readonly key: string;
  readonly attributes: readonly RpslAttribute[];
}

export function parseRpsl(text: string): RpslObject[] {
  const objects: RpslObject[] = [];
  const assembler = new RpslAssembler((object) => objects.push(object));
  for (const line of text.split(/\r?\n/)) assembler.line(line);
  assembler.end();
  return objects;
}

/** Builds objects line by line, so a dump of millions of objects never sits in memory at once. */
export class RpslAssembler {
  private attributes: Array<{ name: string; value: string }> = [];

  constructor(private readonly emit: (object: RpslObject) => void) {}

  line(rawLine: string): void {
    if (rawLine.trim() === '') {
      this.end();
      return;
    }
    const first = rawLine.charAt(0);
    if (first === '%' || first === '#') return;
    if (first === ' ' || first === '\t' || first === '+') {
      const last = this.attributes[this.attributes.length - 1];
      const more = stripComment(rawLine.slice(1)).trim();
      if (last && more !== '') last.value = last.value === '' ? more : `${last.value} ${more}`;
      return;
    }
    const colon = rawLine.indexOf(':');
    if (colon <= 0) return;
    this.attributes.push({
      name: rawLine.slice(0, colon).trim().toLowerCase(),
      value: stripComment(rawLine.slice(colon + 1)).trim(),
    });
  }

  /** Finishes the object in progress (a blank line or the end of the input). */
  end(): void {
    const first = this.attributes[0];
    if (first) this.emit({ objectClass: first.name, key: first.value, attributes: this.attributes });
    this.attributes = [];
  }
}

function stripComment(value: string): string {
  const hash = value.indexOf('#');
  return hash < 0 ? value : value.slice(0, hash);
}

/** Values of every attribute `name`, list attributes split on commas and whitespace. */
export function listValues(object: RpslObject, name: string): string[] {
  const out: string[] = [];
  for (const attribute of object.attributes) {
    if (attribute.name !== name) continue;
    for (const item of attribute.value.split(/[\s,]+/)) if (item !== '') out.push(item);
  }
  return out;
}

export function firstValue(object: RpslObject, name: string): string | undefined {
  return object.attributes.find((attribute) => attribute.name === name)?.value;
}
