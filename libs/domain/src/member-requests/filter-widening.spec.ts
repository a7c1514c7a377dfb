import { isAsSetsWidening, isMaxPrefixWidening, splitFilterChange } from './filter-widening.js';

describe('isAsSetsWidening', () => {
  it.each([
    [['AS-EXAMPLE'], ['AS-EXAMPLE', 'AS-GOOGLE'], true],
    [['AS-EXAMPLE'], ['AS-GOOGLE'], true],
    [[], ['AS-GOOGLE'], true],
    [['AS-EXAMPLE'], ['AS-EXAMPLE', 'AS15169'], true],
    [['RIPE::AS-EXAMPLE'], ['AS-EXAMPLE'], true],
    [['AS-EXAMPLE'], ['RADB::AS-EXAMPLE'], true],
    [['AS-EXAMPLE', 'AS-OTHER'], ['AS-EXAMPLE'], false],
    [['AS-EXAMPLE', 'AS-OTHER'], ['AS-OTHER', 'AS-EXAMPLE'], false],
    [['AS-EXAMPLE'], ['as-example'], false],
    [['AS-EXAMPLE'], [], false],
  ])('%j -> %j widens: %s', (current, proposed, expected) => {
    expect(isAsSetsWidening(current, proposed)).toBe(expected);
  });
});

describe('isMaxPrefixWidening', () => {
  it.each([
    [100, 200, true],
    [100, null, true],
    [null, 50, true],
    [100, 100, false],
    [null, null, false],
    [100, 99, false],
    [100, 1, false],
  ])('%s -> %s widens: %s', (current, proposed, expected) => {
    expect(isMaxPrefixWidening(current, proposed)).toBe(expected);
  });
});

describe('splitFilterChange', () => {
  it('keeps narrowing changes direct and widening ones for staff, with the current values', () => {
    const split = splitFilterChange(
      { asSets: ['AS-EXAMPLE'], maxPrefixV4: 100, maxPrefixV6: 20 },
      { asSets: ['AS-EXAMPLE', 'AS-GOOGLE'], maxPrefixV4: 50, maxPrefixV6: 40 },
    );
    expect(split.direct).toEqual({ maxPrefixV4: 50 });
    expect(split.widening).toEqual({ asSets: ['AS-EXAMPLE', 'AS-GOOGLE'], maxPrefixV6: 40 });
    expect(split.current).toEqual({ asSets: ['AS-EXAMPLE'], maxPrefixV6: 20 });
  });

  it('leaves out fields that do not change', () => {
    const split = splitFilterChange({ asSets: ['AS-A'], maxPrefix: 10 }, { asSets: ['AS-A'], maxPrefix: 10 });
    expect(split).toEqual({ direct: {}, widening: {}, current: {} });
  });

  it('treats removing a set as direct and a session limit raise as widening', () => {
    const split = splitFilterChange(
      { asSets: ['AS-A', 'AS-B'], maxPrefix: 10 },
      { asSets: ['AS-B'], maxPrefix: 11 },
    );
    expect(split.direct).toEqual({ asSets: ['AS-B'] });
    expect(split.widening).toEqual({ maxPrefix: 11 });
  });
});
