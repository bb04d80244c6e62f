import { describe, expect, it } from 'vitest';
import { computeHa1 } from './ha1';

describe('computeHa1', () => {
  it('matches the RFC 2617 §3.5 example', () => {
    expect(computeHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life')).toBe(
      '939e7578ed9e3c518a452acee763bce9',
    );
  });
});
