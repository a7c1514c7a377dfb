/** Reads `birdc show protocols` and the route counters of `show protocols all NAME` (BIRD 2.0). */
export interface LabProtocol {
  readonly name: string;
  readonly proto: string;
  /** up, down, start, flush */
  readonly state: string;
  /** e.g. Established, Active, Connect, "Error: Route limit exceeded" */
  readonly info: string;
}

export interface LabRouteCounts {
  readonly imported: number;
  readonly filtered: number;
  readonly exported: number;
}

const clockTime = /^\d{2}:\d{2}:\d{2}(\.\d+)?$/;

export function parseBirdProtocols(output: string): LabProtocol[] {
  const protocols: LabProtocol[] = [];
  for (const line of output.split('\n')) {
    if (line.startsWith('BIRD ') || line.startsWith('Name ') || line.trim() === '' || /^\s/.test(line))
      continue;
    const fields = line.trim().split(/\s+/);
    const [name, proto, , state] = fields;
    if (!name || !proto || !state) continue;
    // "Since" is one field (time) or two (date and time); "Info" is the rest of the line.
    let infoStart = 5;
    const sinceDate = fields[4];
    const sinceClock = fields[5];
    if (sinceDate && sinceClock && /^\d{4}-\d{2}-\d{2}$/.test(sinceDate) && clockTime.test(sinceClock))
      infoStart = 6;
    protocols.push({ name, proto, state, info: fields.slice(infoStart).join(' ') });
  }
  return protocols;
}

/** Sums the `Routes:` lines of every channel in `show protocols all NAME`. */
export function parseRouteCounts(output: string): LabRouteCounts {
  let imported = 0;
  let filtered = 0;
  let exported = 0;
  for (const match of output.matchAll(/^\s+Routes:\s+(.*)$/gm)) {
    const text = match[1] ?? '';
    imported += count(text, 'imported');
    filtered += count(text, 'filtered');
    exported += count(text, 'exported');
  }
  return { imported, filtered, exported };
}

function count(text: string, what: string): number {
  const match = new RegExp(`(\\d+) ${what}`).exec(text);
  return match ? Number(match[1]) : 0;
}

/** Maps each BGP neighbor address to its protocol name, from `show protocols all`. */
export function parseNeighborAddresses(output: string): Map<string, string> {
  const byAddress = new Map<string, string>();
  let protocol: string | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('BIRD ') || line.startsWith('Name ')) continue;
    if (/^\S/.test(line)) {
      protocol = line.split(/\s+/)[0];
      continue;
    }
    const neighbor = /^\s+Neighbor address:\s+(\S+)/.exec(line);
    if (neighbor?.[1] && protocol) byAddress.set(neighbor[1], protocol);
  }
  return byAddress;
}
