import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log';
import { installProcessPolicy } from './process-policy';

function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const lines: string[] = [];
  const proc = Object.assign(emitter, { exit: (code: number) => void exits.push(code) });
  installProcessPolicy(
    createLogger('info', { write: (line: string) => void lines.push(line) }),
    proc,
  );
  return { proc, exits, lines };
}

describe('the process policy', () => {
  it('an uncaught exception is logged with its context and the process exits with status 1', () => {
    const { proc, exits, lines } = fakeProcess();
    proc.emit('uncaughtException', new TypeError('boom'), 'uncaughtException');
    expect(exits).toEqual([1]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 60,
      event: 'fault',
      kind: 'uncaughtException',
      error: expect.stringContaining('TypeError: boom'),
    });
  });

  it('an unhandled rejection too', () => {
    const { proc, exits, lines } = fakeProcess();
    proc.emit('unhandledRejection', new Error('lost'));
    expect(exits).toEqual([1]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'unhandledRejection' });
  });
});
