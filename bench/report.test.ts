import { describe, expect, it } from 'vitest';
import type { Figures } from './report';
import { kamailioRatios } from './report';

const figures = (register: number, calls: number, p99Ms: number): Figures => ({
  register: { rate: register, steps: [] },
  calls: { rate: calls, steps: [] },
  latency: { calls: 500, failed: 0, p50Ms: 1, p99Ms, maxMs: p99Ms },
  recovery: { overload: undefined as never, steps: [] },
});

describe('the PBX/Kamailio column', () => {
  it('gives each ratio with its target and verdict', () => {
    const ratios = kamailioRatios(figures(6500, 1500, 8), figures(15_000, 4500, 3));
    expect(ratios).toEqual(['0.43x (>= 0.5: FAIL)', '0.33x (>= 0.5: FAIL)', '2.67x (<= 2: FAIL)']);
  });

  it('passes at half of Kamailio’s rates and twice its p99', () => {
    const ratios = kamailioRatios(figures(7500, 2250, 6), figures(15_000, 4500, 3));
    expect(ratios).toEqual(['0.50x (>= 0.5: PASS)', '0.50x (>= 0.5: PASS)', '2.00x (<= 2: PASS)']);
  });

  it('says nothing when Kamailio confirmed no rate', () => {
    expect(kamailioRatios(figures(6500, 1500, 8), figures(0, 0, 0))).toEqual(['-', '-', '-']);
  });
});
