import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from './log';

it('never writes a password or HA1, wherever they sit in a log record', () => {
  let output = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString();
      done();
    },
  });
  const log = createLogger('info', sink);
  log.info(
    { password: 'hunter2-secret', employee: { password: 'p4ss', ha1: 'abcdef0123' } },
    'created',
  );
  log.info({ ha1: '939e7578ed9e3c518a452acee763bce9', admin: { passwordHash: 'scrypt$1' } }, 'x');
  expect(output).not.toMatch(/hunter2-secret|p4ss|abcdef0123|939e7578|scrypt\$1/);
  expect(output).toContain('[redacted]');
});
