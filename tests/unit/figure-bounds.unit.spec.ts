import { describe, expect, it } from 'vitest';
import { impliedBounds, roundingStep } from '../../events/schema/figure.js';

describe('what a qualifier implies', () => {
  it('reads the rounding step from the figure', () => {
    expect(roundingStep(1700)).toBe(100);
    expect(roundingStep(37_500_000_000)).toBe(100_000_000);
    expect(roundingStep(1095)).toBe(1);
    expect(roundingStep(2.5)).toBe(1);
  });

  it.each([
    ['exact', 1205, { lower: 1205, upper: 1205 }],
    ['approximately', 1700, { lower: 1650, upper: 1750 }],
    ['over', 1000, { lower: 1000, upper: null }],
    ['under', 50, { lower: 0, upper: 50 }],
    ['up_to', 50, { lower: 0, upper: 50 }],
    ['almost', 80_000_000, { lower: 75_000_000, upper: 80_000_000 }],
  ] as const)('%s %d → %o', (qualifier, value, bounds) => {
    expect(impliedBounds(value, qualifier)).toEqual(bounds);
  });
});
