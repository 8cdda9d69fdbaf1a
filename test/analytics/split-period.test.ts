import { describe, expect, it } from 'vitest';
import { splitPeriod } from '../../src/analytics/split-period.js';

describe('a period split into whole months and the days at its ends', () => {
  it.each([
    ['2026-11-01', '2026-11-30', ['2026-11'], []],
    ['2026-11-02', '2026-11-30', [], [['2026-11-02', '2026-11-30']]],
    ['2026-11-24', '2026-11-24', [], [['2026-11-24', '2026-11-24']]],
    [
      '2026-10-15',
      '2026-12-10',
      ['2026-11'],
      [
        ['2026-10-15', '2026-10-31'],
        ['2026-12-01', '2026-12-10'],
      ],
    ],
    ['2025-12-01', '2026-02-28', ['2025-12', '2026-01', '2026-02'], []],
    ['2024-02-01', '2024-03-01', ['2024-02'], [['2024-03-01', '2024-03-01']]],
  ])('%s … %s', (from, to, months, ranges) => {
    expect(splitPeriod(from, to)).toEqual({
      months,
      dayRanges: ranges.map(([a, b]) => ({ from: a, to: b })),
    });
  });
});
