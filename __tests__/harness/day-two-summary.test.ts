import { DayTwoRecord, dayTwoSection, dayTwoSummary } from '../support/day-two-summary';

const change = (name: string, over: Partial<DayTwoRecord & { kind: 'change' }> = {}) =>
  ({
    kind: 'change',
    name,
    firstTime: true,
    stopped: false,
    gaps: [],
    leftovers: 0,
    applySeconds: 10,
    probes: 3,
    ...over,
  }) as const;

const RECORDS: readonly DayTwoRecord[] = [
  change('rename'),
  change('path', { firstTime: false, gaps: [51.4, 110.2], leftovers: 1, probes: 0 }),
  change('keeps name', { firstTime: undefined, stopped: true, probes: 0 }),
  {
    kind: 'fault',
    name: 'throttled',
    injected: { throttling: 4, 'server error': 2 },
    survived: true,
    firstTime: true,
    leftovers: 0,
  },
  {
    kind: 'fault',
    name: 'lag',
    injected: { throttling: 1 },
    survived: true,
    firstTime: false,
    leftovers: 2,
  },
  { kind: 'drift', name: 'trust', detected: true, restored: true },
  { kind: 'drift', name: 'extra', detected: false, restored: false },
];

const RUN = { date: new Date('2026-12-03T15:00:00Z'), commit: 'abc1234', minutes: 31.6 };

describe('the day-two figures', () => {
  test('sums the records of the three files, a figure a line', () => {
    expect(dayTwoSummary(RECORDS).split('\n')).toEqual([
      'Day two, summed over the suite:',
      '  changes tried: 3; applied in one run: 1 of 2; stopped before changing anything, as meant: 1 of 1',
      '  credential gaps: 2, longest 110 ms',
      '  review predictions checked by the IAM evaluator: 3 requests',
      '  faults injected: 7 (throttling 5, server error 2); cases that converged: 2 of 2 (1 at the first deploy)',
      '  drift: detected 1 of 2, restored 1',
      '  resources left over: 3',
    ]);
  });

  test("the README's section says the run, then the same figures", () => {
    expect(dayTwoSection(RECORDS, RUN)?.split('\n')).toEqual([
      'Last run 2026-12-03 at commit abc1234, the integration suite in 32 min:',
      '',
      '- changes tried: 3; applied in one run: 1 of 2; stopped before changing anything, as meant: 1 of 1',
      '- credential gaps: 2, longest 110 ms',
      '- review predictions checked by the IAM evaluator: 3 requests',
      '- faults injected: 7 (throttling 5, server error 2); cases that converged: 2 of 2 (1 at the first deploy)',
      '- drift: detected 1 of 2, restored 1',
      '- resources left over: 3',
    ]);
  });

  test.each(['change', 'fault', 'drift'])(
    'writes no section when no %s file ran: a part never stands for the whole',
    (kind) => {
      expect(
        dayTwoSection(
          RECORDS.filter((r) => r.kind !== kind),
          RUN,
        ),
      ).toBeUndefined();
    },
  );
});
