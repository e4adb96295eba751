import { PRESET_NAMES, PRESET_PLACEMENTS } from '../../../config/schema/presets';
import { presetPolicy } from '../../../policy/presets/preset-policies';
import { EXAMPLES } from './fixtures';

describe('the registry of preset policies', () => {
  test('has a policy for every preset the schema names', () => {
    expect(PRESET_NAMES).toHaveLength(17);
    for (const name of PRESET_NAMES) {
      const policy = presetPolicy(name);
      expect(policy.source.controller).not.toBe('');
      expect(typeof policy.managedPolicies).toBe('function');
      expect(typeof policy.documents).toBe('function');
    }
  });

  test('gives each preset its own policy', () => {
    const policies = PRESET_NAMES.map((name) => presetPolicy(name));
    expect(new Set(policies).size).toBe(PRESET_NAMES.length);
    const urls = PRESET_NAMES.map((name) => presetPolicy(name).source.url);
    expect(new Set(urls).size).toBe(PRESET_NAMES.length);
  });

  test('every preset is in the examples the table-driven tests run', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...PRESET_NAMES].sort());
    expect(Object.keys(PRESET_PLACEMENTS).sort()).toEqual([...PRESET_NAMES].sort());
  });
});
