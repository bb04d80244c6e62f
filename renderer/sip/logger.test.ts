import { describe, expect, it } from 'vitest';
import { createSipLogger, type LogLevel } from './logger';

describe('createSipLogger', () => {
  it('never prints the password, in the message or in details', () => {
    const lines: string[] = [];
    const logger = createSipLogger({ write: (_level: LogLevel, line) => lines.push(line) });
    logger.addSecret('s3cret-Pass');
    logger.log('warn', 'sending s3cret-Pass', {
      password: 'anything',
      nested: { ha1: 'abc', note: 'has s3cret-Pass inside' },
      status: 401,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('s3cret-Pass');
    expect(lines[0]).not.toContain('anything');
    expect(lines[0]).not.toContain('abc');
    expect(lines[0]).toContain('401');
  });
});
