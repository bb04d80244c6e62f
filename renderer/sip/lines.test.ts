import { describe, expect, it } from 'vitest';
import { lowestFreeLine, parseLineHeader } from './lines';

describe('lowestFreeLine', () => {
  it('is 1 with no calls, then the first gap', () => {
    expect(lowestFreeLine([])).toBe(1);
    expect(lowestFreeLine([1])).toBe(2);
    expect(lowestFreeLine([2, 3])).toBe(1);
    expect(lowestFreeLine([1, 3])).toBe(2);
    expect(lowestFreeLine(new Set([3, 1, 2]))).toBe(4);
  });
});

describe('parseLineHeader', () => {
  it('takes positive whole numbers only', () => {
    expect(parseLineHeader('2')).toBe(2);
    expect(parseLineHeader(' 10 ')).toBe(10);
    expect(parseLineHeader('0')).toBeUndefined();
    expect(parseLineHeader('-1')).toBeUndefined();
    expect(parseLineHeader('two')).toBeUndefined();
    expect(parseLineHeader('1.5')).toBeUndefined();
    expect(parseLineHeader(undefined)).toBeUndefined();
  });
});
