import { describe, expect, it } from 'vitest';
import { formatPhone } from './format-phone';

describe('formatPhone', () => {
  it.each([
    ['+78123090000', '+7 812 309 00 00'],
    ['+442079460958', '+44 20 7946 0958'],
    ['0462626', '0462626'],
    ['112', '112'],
    ['+0', '+0'],
  ])('%s', (number, shown) => expect(formatPhone(number)).toBe(shown));
});
