import { ownString } from '../sip/own-string';
import type { TableData } from './table-data';

/**
 * The table as text, small and line-per-code so that a new registry shows as a readable diff:
 *
 *     # comments
 *     ru-numbering 1
 *     region Москва                     value 0, 1, … in order
 *     group 1 55                        values after the regions: several regions
 *     812 +100000:1 2000+9999 +500      one line per ABC/DEF code, ranges in order
 *
 * A range is `[gap]+count[:value]`: gap is how many numbers lie between it and the previous
 * range of the line (or the code's first number), count how many it covers; value is omitted
 * when it is the previous range's.
 */
export const TABLE_FORMAT = 'ru-numbering 1';

const SUBSCRIBERS = 10_000_000;

/** A table file that cannot be read: `file:line: what is wrong`. */
export class NumberingTableError extends Error {
  override name = 'NumberingTableError';
}

export function encodeTable(data: TableData, comments: readonly string[] = []): string {
  const out = [...comments.map((c) => `# ${c}`.trimEnd()), TABLE_FORMAT];
  for (const region of data.regions) out.push(`region ${region}`);
  for (const group of data.groups) out.push(`group ${group.join(' ')}`);
  let line: string[] = [];
  let code = -1;
  let next = 0;
  let value = -1;
  const flush = () => {
    if (line.length > 0) out.push(`${code} ${line.join(' ')}`);
  };
  for (let i = 0; i < data.starts.length; i++) {
    const start = data.starts[i]!;
    const end = data.ends[i]!;
    const rangeCode = Math.floor(start / SUBSCRIBERS);
    if (rangeCode !== code) {
      flush();
      [line, code, next, value] = [[], rangeCode, rangeCode * SUBSCRIBERS, -1];
    }
    const gap = start - next;
    const entry = `${gap > 0 ? gap : ''}+${end - start + 1}`;
    line.push(data.values[i] === value ? entry : `${entry}:${data.values[i]}`);
    next = end + 1;
    value = data.values[i]!;
  }
  flush();
  return `${out.join('\n')}\n`;
}

const RANGE = /^(\d*)\+(\d+)(?::(\d+))?$/;

/** Reads a table written by encodeTable; name is the file named in errors. */
export function decodeTable(text: string, name: string): TableData {
  const regions: string[] = [];
  const groups: number[][] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const values: number[] = [];
  let format = false;
  let lastCode = -1;
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trimEnd();
    const fail = (message: string): never => {
      throw new NumberingTableError(`${name}:${index + 1}: ${message}`);
    };
    if (line === '' || line.startsWith('#')) return;
    if (!format) {
      if (line !== TABLE_FORMAT) fail(`not a numbering table (expected "${TABLE_FORMAT}")`);
      format = true;
    } else if (line.startsWith('region ')) {
      if (groups.length > 0 || starts.length > 0) fail('a region after the groups or ranges');
      // Its own copy: a slice would keep the whole table text (0.5 MB) alive.
      regions.push(ownString(line.slice('region '.length)));
    } else if (line.startsWith('group ')) {
      if (starts.length > 0) fail('a group after the ranges');
      const group = line.slice('group '.length).split(' ').map(Number);
      if (group.length < 2 || !group.every((i) => Number.isInteger(i) && i < regions.length)) {
        fail('a group names regions the table does not have');
      }
      groups.push(group);
    } else {
      const [codeText = '', ...ranges] = line.split(' ');
      const code = /^\d{3}$/.test(codeText) ? Number(codeText) : fail(`bad code "${codeText}"`);
      if (code <= lastCode) fail(`code ${code} is not after ${lastCode}`);
      lastCode = code;
      let next = code * SUBSCRIBERS;
      let value = -1;
      for (const range of ranges) {
        const match = RANGE.exec(range) ?? fail(`bad range "${range}"`);
        const start = next + Number(match[1] || 0);
        const end = start + Number(match[2]) - 1;
        if (match[3] !== undefined) value = Number(match[3]);
        if (end < start || end >= (code + 1) * SUBSCRIBERS) fail(`range "${range}" leaves ${code}`);
        if (value < 0 || value >= regions.length + groups.length)
          fail(`range "${range}": no value`);
        starts.push(start);
        ends.push(end);
        values.push(value);
        next = end + 1;
      }
    }
  });
  if (!format) throw new NumberingTableError(`${name}: empty, not a numbering table`);
  return {
    regions,
    groups,
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    values: Uint16Array.from(values),
  };
}
