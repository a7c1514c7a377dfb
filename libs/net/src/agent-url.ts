import { invalidValue } from '@ixora/errors';

/**
 * Why a URL may not receive a route server's agent token, or undefined when it may. The token
 * deploys configs, so it travels only over HTTPS, or over plain HTTP to this machine's loopback
 * (127.0.0.0/8, ::1, localhost), where no network sees it: the same hosts `ixora agent` itself
 * serves plain HTTP on. Credentials in the URL would be sent along to anyone, so they are refused
 * too.
 */
export function agentUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL (expected e.g. "https://rs1.example.net:8443")';
  }
  if (parsed.username || parsed.password) return 'must not carry a user name or password';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:')
    return isLoopbackHost(parsed.hostname)
      ? undefined
      : 'must be https:// (plain http:// only to 127.0.0.0/8, [::1] or localhost): the agent token would cross the network in clear';
  return 'must be an https:// URL (or http:// to loopback)';
}

/** The URL as given, or a 400 naming the field when the agent token may not be sent there. */
export function checkAgentUrl(url: unknown, field = 'agentUrl'): string {
  if (typeof url !== 'string') throw invalidValue(field, url, 'must be a URL');
  const problem = agentUrlProblem(url);
  if (problem) throw invalidValue(field, url, problem);
  return url;
}

/** A URL's host (as WHATWG URL normalises it: `127.1` → `127.0.0.1`, `[::1]`) on loopback. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
