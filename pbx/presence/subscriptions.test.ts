import { describe, expect, it } from 'vitest';
import { SubscriptionTable, type SubscriptionEntry } from './subscriptions';

const entry = (id: string, over: Partial<SubscriptionEntry> = {}): SubscriptionEntry => ({
  id,
  watched: '0111111',
  subscriber: '0222222',
  flowId: 'udp:1',
  expiresAt: 10_000,
  ...over,
});

describe('the subscription table', () => {
  it('finds a subscription by id, by the number watched and by the device that made it', () => {
    const table = new SubscriptionTable();
    const a = entry('a');
    const b = entry('b', { watched: '0333333' });
    const c = entry('c', { flowId: 'ws:7' });
    for (const e of [a, b, c]) table.add(e);
    expect(table.size).toBe(3);
    expect(table.get('b')).toBe(b);
    expect(table.watching('0111111')).toEqual([a, c]);
    expect(table.ofDevice('0222222', 'udp:1')).toEqual([a, b]);
    expect(table.countOf('0222222', 'udp:1')).toBe(2);
    expect(table.countOf('0222222', 'ws:7')).toBe(1);
    expect(table.onFlow('ws:7')).toEqual([c]);
  });

  it('removing takes it out of every index, once', () => {
    const table = new SubscriptionTable();
    table.add(entry('a'));
    expect(table.remove('a')).toBe(true);
    expect(table.remove('a')).toBe(false);
    expect(table.size).toBe(0);
    expect(table.watching('0111111')).toEqual([]);
    expect(table.countOf('0222222', 'udp:1')).toBe(0);
  });

  it('the same id added again replaces the old entry', () => {
    const table = new SubscriptionTable();
    table.add(entry('a'));
    const moved = entry('a', { watched: '0444444' });
    table.add(moved);
    expect(table.size).toBe(1);
    expect(table.watching('0111111')).toEqual([]);
    expect(table.watching('0444444')).toEqual([moved]);
  });

  it('lists the subscriptions whose time is up', () => {
    const table = new SubscriptionTable();
    table.add(entry('early', { expiresAt: 5_000 }));
    table.add(entry('late', { expiresAt: 20_000 }));
    expect(table.expired(4_999)).toEqual([]);
    expect(table.expired(5_000).map((e) => e.id)).toEqual(['early']);
    expect(table.expired(20_000).map((e) => e.id)).toEqual(['early', 'late']);
  });
});
