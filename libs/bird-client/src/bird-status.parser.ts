import { BirdError } from './bird.errors.js';
import type { BirdReplyLine } from './bird-reply.reader.js';
import type { BirdStatus } from './bird.types.js';

/** BIRD reply codes of `show status` (doc/reply_codes in the BIRD sources). */
const VERSION = 1000;
const UPTIME = 1011;
const STATUS = 13;

const FIELDS: ReadonlyArray<
  readonly [
    prefix: string,
    key: 'routerId' | 'hostname' | 'serverTime' | 'lastReboot' | 'lastReconfiguration',
  ]
> = [
  ['Router ID is ', 'routerId'],
  ['Hostname is ', 'hostname'],
  ['Current server time is ', 'serverTime'],
  ['Last reboot on ', 'lastReboot'],
  ['Last reconfiguration on ', 'lastReconfiguration'],
];

export function parseStatus(lines: readonly BirdReplyLine[]): BirdStatus {
  let version: string | undefined;
  const values: Partial<Record<(typeof FIELDS)[number][1], string>> = {};
  let message: string | undefined;
  for (const line of lines) {
    if (line.code === VERSION) version = line.text.replace(/^BIRD\s+/, '').trim();
    else if (line.code === UPTIME) {
      const field = FIELDS.find(([prefix]) => line.text.startsWith(prefix));
      if (field) values[field[1]] = line.text.slice(field[0].length).trim();
    } else if (line.code === STATUS && line.isFinal) message = line.text.trim();
  }
  if (version === undefined || values.routerId === undefined || message === undefined) {
    throw new BirdError(
      'protocol',
      'BIRD\'s "show status" reply lacks the version, router id or status line',
    );
  }
  return {
    version,
    routerId: values.routerId,
    ...(values.hostname !== undefined && { hostname: values.hostname }),
    ...(values.serverTime !== undefined && { serverTime: values.serverTime }),
    ...(values.lastReboot !== undefined && { lastReboot: values.lastReboot }),
    ...(values.lastReconfiguration !== undefined && { lastReconfiguration: values.lastReconfiguration }),
    message,
    isUp: message === 'Daemon is up and running',
  };
}
