import { isIxoraError } from '@ixora/errors';
import { formField, type WebRequest } from '../web.types.js';

/** One `<option>` of a `<select>`. */
export interface SelectOption {
  readonly value: string;
  readonly label: string;
  readonly isSelected: boolean;
}

export function options(
  values: readonly (string | { value: string; label: string })[],
  selected: string,
): SelectOption[] {
  return values.map((v) => {
    const { value, label } = typeof v === 'string' ? { value: v, label: v } : v;
    return { value, label, isSelected: value === selected };
  });
}

/** A form's fields by name, as text ('' when missing). */
export function fieldsOf<K extends string>(request: WebRequest, names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((n) => [n, formField(request, n).trim()])) as Record<K, string>;
}

/** A text field given to a service: empty means "not given". */
export function given(value: string): string | undefined {
  return value === '' ? undefined : value;
}

/** A comma or space separated list from one text field (LAG members, MACs). */
export function listOf(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/** 10000 -> "10G", 2500 -> "2.5G", 100 -> "100M"; null -> "-". */
export function speedText(mbps: number | null): string {
  if (mbps === null) return '-';
  if (mbps >= 1000) return `${mbps / 1000}G`;
  return `${mbps}M`;
}

/**
 * The status and message a page shows for a refused change: the service's own words (they name
 * the field and the value). Anything that is not a refusal of the input is rethrown.
 */
export function refusalOf(error: unknown): { status: number; message: string } {
  if (!isIxoraError(error)) throw error;
  const status =
    error.code === 'invalid_value'
      ? 400
      : error.code === 'conflict'
        ? 409
        : error.code === 'not_found'
          ? 404
          : undefined;
  if (status === undefined) throw error;
  return { status, message: error.message };
}

/** Fixed notices a redirect may name (`?done=port-added`); anything else shows nothing. */
const NOTICES: Record<string, string> = {
  'port-added': 'The port was added.',
  'port-changed': 'The port was changed.',
  'port-moved': 'The port was moved.',
  'port-removed': 'The port and the member interfaces over it were removed.',
  'switch-added': 'The switch was added.',
  'switch-removed': 'The switch was removed.',
  'switch-changed': 'The switch was changed.',
  'interface-added': 'The member interface was added; its route-server sessions follow at the next deploy.',
  'interface-changed': 'The member interface was changed.',
  'interface-removed': 'The member interface was removed.',
  'settings-saved': 'The exchange settings were saved.',
  'policy-saved': 'The import policy was saved.',
};

export function noticeOf(done: unknown): string {
  // Own keys only: `?done=constructor` names no notice (it would find Object's constructor).
  return typeof done === 'string' && Object.hasOwn(NOTICES, done) ? NOTICES[done]! : '';
}
