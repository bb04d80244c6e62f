import { describe, expect, it } from 'vitest';
import { shownCallerId } from './caller-id-header';

describe('shownCallerId', () => {
  it.each([
    ['+78123090000', '+78123090000'],
    [' +78123090000 ', '+78123090000'],
    ['112', '112'],
    [undefined, undefined],
    [null, undefined],
    ['', undefined],
    ['<sip:+78123090000@pbx>', undefined],
    ['+7 812 309', undefined],
  ])('%j', (value, expected) => expect(shownCallerId(value)).toBe(expected));
});
