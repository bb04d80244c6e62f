import { describe, expect, it } from 'vitest';
import { refusal } from '../sip/sip-error';
import { runRoute, step } from './route';

describe('a route of named steps', () => {
  const trail: string[] = [];
  const route = [
    step<{ method: string }>('first', ({ method }) => {
      trail.push('first');
      return method === 'stop-at-first' ? undefined : 'next';
    }),
    step<{ method: string }>('refuse', ({ method }) => {
      trail.push('refuse');
      if (method === 'refuse') throw refusal('tooManyHops');
      if (method === 'fault') throw new TypeError('a bug');
      return 'next';
    }),
    step<{ method: string }>('last', () => void trail.push('last')),
  ];
  const refused: string[] = [];
  const run = (method: string) => {
    trail.length = 0;
    return runRoute(
      route,
      { method },
      (_c, error, at) => void refused.push(`${at}: ${error.status}`),
    );
  };

  it('runs steps in order until one does not say next', () => {
    expect(run('stop-at-first')).toBe('first');
    expect(trail).toEqual(['first']);
    expect(run('through')).toBe('last');
    expect(trail).toEqual(['first', 'refuse', 'last']);
  });

  it('turns a refusal into an answer and stops there', () => {
    expect(run('refuse')).toBe('refuse');
    expect(refused).toEqual(['refuse: 483']);
    expect(trail).toEqual(['first', 'refuse']);
  });

  it('leaves a fault to the barrier', () => {
    expect(() => run('fault')).toThrow(TypeError);
  });
});
