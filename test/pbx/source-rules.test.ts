/**
 * Rules of issue 18 that hold for every line of the PBX, checked over its sources so they stay
 * true when code is added: one refusal path (item 4: no failure response is built outside
 * `pbx/sip/sip-error.ts`, so none goes out without its `X-Pbx-Reason` token) and no error
 * swallowed without a reason (item 8: a `catch` that drops the error says why in a comment).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

/** The PBX's production sources: tests and their helpers are not what runs. */
function pbxSources(): { file: string; lines: string[] }[] {
  const found: { file: string; lines: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        /\.ts$/.test(entry.name) &&
        !/\.test\.ts$|test-support\.ts$|test-peer\.ts$/.test(entry.name)
      ) {
        found.push({ file: relative(ROOT, path), lines: readFileSync(path, 'utf8').split('\n') });
      }
    }
  };
  walk(join(ROOT, 'pbx'));
  return found;
}

/** `file:line: text` of every line a rule finds, outside the files it allows. */
function offending(
  rule: (line: string, lines: string[], index: number) => boolean,
  allowed: string[] = [],
) {
  const hits: string[] = [];
  for (const { file, lines } of pbxSources()) {
    if (allowed.includes(file)) continue;
    lines.forEach((line, index) => {
      if (rule(line, lines, index)) hits.push(`${file}:${index + 1}: ${line.trim()}`);
    });
  }
  return hits;
}

/** The one refusal function and the two builders it stands on (the response, the challenge). */
const REFUSAL_PATH = ['pbx/sip/sip-error.ts', 'pbx/sip/transaction/response.ts'];

describe('one refusal path (issue 18 item 4)', () => {
  it('builds no SipError outside the refusal table but the digest challenge', () => {
    const hits = offending((line) => /new SipError\(/.test(line), REFUSAL_PATH);
    expect(hits).toEqual([]);
  });

  it('creates no failure response outside refusalResponse', () => {
    // A status given by its number: only provisional and successful ones may be built directly.
    const literal = /createResponse\([^,]+,\s*(\d{3})/;
    const hits = offending((line) => {
      const status = literal.exec(line)?.[1];
      return status !== undefined && Number(status) >= 300;
    }, REFUSAL_PATH);
    // A status from a variable could hide a failure: only these two, which never build one.
    const successOnly = [
      'pbx/sip/dialog/incoming.ts', // respond(): a failure status goes to reject() first
      'pbx/sip/dialog/uas.ts', // response(): for progress() and accept() only
    ];
    const variable = offending(
      (line) =>
        /createResponse\(/.test(line) &&
        !literal.test(line) &&
        !/function createResponse/.test(line),
      [...REFUSAL_PATH, ...successOnly],
    );
    expect([...hits, ...variable]).toEqual([]);
  });

  it('writes no response status and no X-Pbx-Reason by hand', () => {
    const hits = offending(
      (line) =>
        /new SipResponse\(\s*\d{3}/.test(line) ||
        /\.respond\(\s*[3-6]\d\d\b/.test(line) ||
        /\.set\(\s*['"]x-pbx-reason['"]/i.test(line),
      REFUSAL_PATH,
    );
    expect(hits).toEqual([]);
  });
});

/**
 * A comment on the line, the one before it or the block's first line; or a block that throws
 * another error instead (the error is turned into one that says more, not dropped).
 */
function explained(lines: string[], index: number): boolean {
  const isComment = (text: string | undefined) => /^\s*(\/\/|\/\*|\*)/.test(text ?? '');
  const next = lines[index + 1] ?? '';
  return (
    /\/\/|\/\*/.test(lines[index]!) || isComment(lines[index - 1]) || /\/\/|^\s*throw\b/.test(next)
  );
}

describe('no silent catch (issue 18 item 8)', () => {
  it('gives every catch that drops its error a one-line reason', () => {
    // `catch {` and `.catch(() => ...)` drop the error; an empty block drops it too.
    const drops = (line: string) =>
      /\bcatch\s*\{/.test(line) ||
      /\.catch\(\s*\(\s*\)\s*=>/.test(line) ||
      /\bcatch\s*\([^)]*\)\s*\{\s*\}/.test(line) ||
      /\.catch\(\s*\(?\s*\w*\s*\)?\s*=>\s*\{\s*\}\s*\)/.test(line);
    const hits = offending((line, lines, index) => drops(line) && !explained(lines, index));
    expect(hits).toEqual([]);
  });
});
