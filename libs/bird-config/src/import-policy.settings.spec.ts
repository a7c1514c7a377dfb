import { IxoraError } from '@ixora/errors';
import { DEFAULT_IXP_POLICY, POLICY_CHOICES, POLICY_SWITCHES } from './import-policy.resolver.js';
import {
  checkPolicySetting,
  IMPORT_POLICY_SETTINGS,
  RENAMED_POLICY_SETTINGS,
  unknownSettingReason,
} from './import-policy.settings.js';

function reasonOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    if (error instanceof IxoraError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('the import-policy settings table', () => {
  it('gives every setting a meaning and a default that passes its own check', () => {
    for (const spec of IMPORT_POLICY_SETTINGS) {
      expect(spec.meaning.length).toBeGreaterThan(10);
      expect(reasonOf(() => checkPolicySetting(spec.key, spec.key, spec.default))).toBe('accepted');
      expect(DEFAULT_IXP_POLICY[spec.key]).toBe(spec.default);
    }
  });

  it('is where the resolver takes its choices and switches from', () => {
    expect(POLICY_CHOICES.rpkiPolicy).toEqual(['reject-invalid', 'tag-only', 'off']);
    expect(POLICY_SWITCHES.has('allowBlackhole')).toBe(true);
    expect(POLICY_SWITCHES.has('maxAsPathLength')).toBe(false);
  });

  it('checks values by kind, naming the field and the range or words', () => {
    expect(reasonOf(() => checkPolicySetting('f', 'maxAsPathLength', 0))).toMatch(
      /must be a whole number 1..255/,
    );
    expect(reasonOf(() => checkPolicySetting('f', 'maxPrefixLengthV6', 129))).toMatch(/0..128/);
    expect(reasonOf(() => checkPolicySetting('f', 'rpkiPolicy', 'yolo'))).toMatch(
      /must be one of reject-invalid, tag-only, off/,
    );
    expect(reasonOf(() => checkPolicySetting('f', 'addPath', 'yes'))).toMatch(/must be true or false/);
  });

  it('answers an old name with the new one, and maps only to names in the table', () => {
    const keys = new Set<string>(IMPORT_POLICY_SETTINGS.map((s) => s.key));
    for (const [old, now] of Object.entries(RENAMED_POLICY_SETTINGS)) {
      expect(keys.has(old)).toBe(false);
      expect(keys.has(now)).toBe(true);
    }
    expect(unknownSettingReason('asPathMaxLength')).toBe('was renamed to maxAsPathLength');
    expect(unknownSettingReason('acceptAll')).toMatch(/^is not an import-policy setting \(nextHopPolicy, /);
  });
});
