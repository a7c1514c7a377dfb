import type { BirdProtocol } from '@ixora/bird-client';

const ESTABLISHED = 'Established';

/** The BGP sessions that are established now: the ones a deploy must find established again. */
export function establishedSessions(protocols: readonly BirdProtocol[]): Set<string> {
  return new Set(protocols.filter((p) => p.proto === 'BGP' && p.info === ESTABLISHED).map((p) => p.name));
}

/**
 * Of the sessions established before a deploy, those not established now, sorted. A session the new
 * config no longer has is not waited for: it was removed on purpose.
 */
export function sessionsNotBackUp(before: ReadonlySet<string>, now: readonly BirdProtocol[]): string[] {
  const current = new Map(now.map((p) => [p.name, p]));
  return [...before]
    .filter((name) => {
      const protocol = current.get(name);
      return protocol !== undefined && protocol.info !== ESTABLISHED;
    })
    .sort();
}

/**
 * Polls `read` until every session of `before` is established again, or `timeoutMs` passes; returns
 * the sessions still down (empty when all came back). A failed read counts as "not yet".
 */
export async function waitForSessionsUp(
  read: () => Promise<readonly BirdProtocol[]>,
  before: ReadonlySet<string>,
  options: {
    readonly timeoutMs: number;
    readonly pollMs: number;
    readonly onWait?: (wait: { readonly waitedMs: number; readonly pending: readonly string[] }) => void;
  },
): Promise<string[]> {
  if (before.size === 0) return [];
  const started = Date.now();
  let pending = [...before].sort();
  for (;;) {
    // BIRD restarts a session whose settings changed right after `configure`: look only after a poll.
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    try {
      pending = sessionsNotBackUp(before, await read());
    } catch {
      // BIRD busy or the agent briefly unreachable: keep the last answer and ask again.
    }
    const waitedMs = Date.now() - started;
    if (pending.length === 0 || waitedMs >= options.timeoutMs) return pending;
    options.onWait?.({ waitedMs, pending });
  }
}
