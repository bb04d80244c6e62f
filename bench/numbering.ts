/**
 * `npx tsx bench/numbering.ts`: region lookups per second in the shipped numbering table, over a
 * fixed mix of 100,000 E.164 numbers (numbers in registry ranges, random Russian numbers, 8-800,
 * Kazakhstan, foreign, garbage). The bar is 1,000,000 lookups/s; exits 1 below it.
 */
import { performance } from 'node:perf_hooks';
import { loadNumberingTable } from '../pbx/numbering';

const NUMBERS = 100_000;
const ROUNDS = 7;
const MIN_ROUND_MS = 300;
const TARGET = 1_000_000;

/** mulberry32: the same mix on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function mix(next: () => number): string[] {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const busy = [
    '812',
    '495',
    '499',
    '343',
    '383',
    '423',
    '813',
    '846',
    '861',
    '916',
    '921',
    '903',
    '926',
    '985',
    '999',
  ];
  const numbers: string[] = [];
  for (let i = 0; i < NUMBERS; i++) {
    const kind = next();
    if (kind < 0.5) numbers.push(`+7${pick(busy)}${digits(7)}`);
    else if (kind < 0.8) numbers.push(`+7${pick(['3', '4', '8', '9'])}${digits(9)}`);
    else if (kind < 0.85) numbers.push(`+7800${digits(7)}`);
    else if (kind < 0.9) numbers.push(`+77${digits(9)}`);
    else if (kind < 0.97) numbers.push(`+${pick(['44', '1', '49', '380', '86'])}${digits(9)}`);
    else numbers.push(pick(['', 'garbage', '+7812', '88121234567', `+7${digits(9)}x`]));
  }
  return numbers;
}

const loadStart = performance.now();
const table = loadNumberingTable();
const loadMs = performance.now() - loadStart;
const numbers = mix(random(20_260_105));

let found = 0;
const round = (): number => {
  let passes = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < numbers.length; i++) found += table.regionsOf(numbers[i]!).length;
    passes++;
    elapsed = performance.now() - start;
  } while (elapsed < MIN_ROUND_MS);
  return (passes * numbers.length) / (elapsed / 1000);
};

round(); // warm-up: the JIT compiles regionsOf
const rates = Array.from({ length: ROUNDS }, round).sort((a, b) => a - b);
const median = rates[Math.floor(ROUNDS / 2)]!;
const withRegion = numbers.filter((n) => table.regionsOf(n).length > 0).length;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`numbering table: ${table.size} ranges, loaded in ${loadMs.toFixed(1)} ms`);
console.log(`mix: ${fmt(NUMBERS)} numbers, ${fmt(withRegion)} with a region`);
console.log(
  `lookups/s: ${fmt(median)} (median of ${ROUNDS}; min ${fmt(rates[0]!)}, max ${fmt(rates.at(-1)!)})`,
);
console.log(`target: ${fmt(TARGET)} lookups/s: ${median >= TARGET ? 'met' : 'NOT met'}`);
if (found < 0) console.log(found); // keeps the lookups from being optimised away
process.exit(median >= TARGET ? 0 : 1);
