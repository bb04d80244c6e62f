import { describe, expect, it } from 'vitest';
import type { Binding } from '../registrar/bindings';
import { DoNotDisturbTable } from './do-not-disturb';

const NUMBER = '0123456';

/** A binding table reduced to what the DND table reads: the number's live devices. */
function setup() {
  const live: Binding[] = [];
  const table = new DoNotDisturbTable({ list: () => [...live] });
  const told: string[] = [];
  table.watch((sipNumber) => told.push(`${sipNumber} ${table.isOn(sipNumber)}`));
  const add = (instance: string) => {
    const binding = {
      key: `<urn:uuid:${instance}>;1`,
      sipNumber: NUMBER,
      contactParams: { '+sip.instance': `"<urn:uuid:${instance}>"` },
    } as unknown as Binding;
    live.push(binding);
    table.bindingAdded(binding);
    return binding;
  };
  const remove = (binding: Binding) => {
    live.splice(live.indexOf(binding), 1);
    table.bindingRemoved(binding);
  };
  return { table, told, add, remove };
}

describe('do-not-disturb per device, DND per number', () => {
  it('a number is DND when every signed-in device is, and its watchers hear each change once', () => {
    const { table, told, add } = setup();
    add('aaaa');
    add('bbbb');
    expect(table.set(NUMBER, 'AAAA', true)).toBe(true); // the instance is matched as RFC 4122 says
    expect(table.isOn(NUMBER)).toBe(false);
    expect(table.set(NUMBER, 'urn:uuid:bbbb', true)).toBe(true);
    expect(table.isOn(NUMBER)).toBe(true);
    table.set(NUMBER, 'bbbb', true);
    table.set(NUMBER, 'bbbb', false);
    expect(told).toEqual([`${NUMBER} true`, `${NUMBER} false`]);
  });

  it('a device signing in ends the number’s DND; its binding gone ends its own DND', () => {
    const { table, told, add, remove } = setup();
    const desk = add('aaaa');
    table.set(NUMBER, 'aaaa', true);
    const laptop = add('bbbb');
    expect(table.isOn(NUMBER)).toBe(false);
    remove(laptop);
    expect(table.isOn(NUMBER)).toBe(true);
    remove(desk);
    expect(table.isOn(NUMBER)).toBe(false);
    add('aaaa');
    expect(table.isOn(NUMBER)).toBe(false);
    expect(told).toEqual([
      `${NUMBER} true`,
      `${NUMBER} false`,
      `${NUMBER} true`,
      `${NUMBER} false`,
    ]);
  });

  it('refuses a device that is not signed in, and keeps nothing for it', () => {
    const { table, told } = setup();
    expect(table.set(NUMBER, 'cccc', true)).toBe(false);
    expect(table.set(NUMBER, '', true)).toBe(false);
    expect(table.isOn(NUMBER)).toBe(false);
    expect(told).toEqual([]);
  });
});
