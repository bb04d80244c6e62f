import { describe, expect, it } from 'vitest';
import { generatePassword } from './password';

describe('generatePassword', () => {
  it('gives 20 URL-safe characters without look-alikes, different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[A-Za-z2-9]{20}$/);
      expect(p).not.toMatch(/[0O1lI]/);
      expect(encodeURIComponent(p)).toBe(p);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });

  it('refuses lengths under 16', () => {
    expect(generatePassword(16)).toHaveLength(16);
    expect(() => generatePassword(8)).toThrow(RangeError);
  });
});
