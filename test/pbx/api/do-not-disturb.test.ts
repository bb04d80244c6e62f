/**
 * Do-not-disturb reaches colleagues (issue 23 item 3): a device reports its DND with
 * `PUT /me/do-not-disturb`, and once every device signed in on the number is on DND the
 * colleagues' list says `dnd`, a `presence-changed` event says so at once, and a desk phone
 * watching the number (RFC 4235) sees its lamp busy. The DND ends with the device's binding.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../shared/api';
import { signedInEmployee, type ApiClient } from '../../support/api';
import { stateOf, subscribe, Watcher } from '../../support/dialog-watcher';
import { startTestPbx, type TestEmployee, type TestPbx } from '../../support/pbx';
import { registerContact, type RawSipClient } from '../../support/raw-sip-client';
import { closeSipClients, registeredDevice, sipClient } from '../../support/sip-devices';

let pbx: TestPbx;

afterEach(async () => {
  closeSipClients();
  await pbx?.stop();
});

/** Boris (multi-terminal) with two devices over TCP, each with its `+sip.instance`. */
async function start() {
  pbx = await startTestPbx();
  const anna = await pbx.addEmployee('Anna Ivanova');
  const boris = await pbx.addEmployee('Boris Petrov');
  await pbx.company.sipNumbers.updateSettings(boris.sipNumber, { multiTerminal: true });
  await pbx.pbx.directory.sync();
  const desk = await device(boris);
  const laptop = await device(boris);
  const heard: ApiEvent[] = [];
  pbx.pbx.apiEvents.subscribe(pbx.companyId, (event) => {
    if (event.type === 'presence-changed' && event.sipNumber === boris.sipNumber) heard.push(event);
  });
  return {
    anna,
    boris,
    desk,
    laptop,
    heard,
    annaApi: await signedInEmployee(pbx, anna.sipNumber, anna.password),
    borisApi: await signedInEmployee(pbx, boris.sipNumber, boris.password),
  };
}

async function device(who: TestEmployee): Promise<{ client: RawSipClient; instance: string }> {
  const client = await sipClient(pbx, 'tcp');
  const instance = randomUUID();
  const contact = `<sip:${who.sipNumber}@127.0.0.1:${client.localPort()};transport=tcp>;+sip.instance="<urn:uuid:${instance}>";reg-id=1`;
  const ok = await registerContact(client, who, { contact, headers: ['Supported: outbound'] });
  expect(ok.status).toBe(200);
  return { client, instance };
}

async function stateIn(api: ApiClient, name: string): Promise<string | undefined> {
  const list = await api.get<{ name: string; state: string }[]>('/me/colleagues');
  return list.body.find((c) => c.name === name)?.state;
}

describe('do-not-disturb as colleagues see it', () => {
  it('is DND once every signed-in device is; the list, the event and the busy lamp say so', async () => {
    const { anna, boris, desk, laptop, heard, annaApi, borisApi } = await start();
    const annaPhone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const watching = await subscribe(annaPhone, anna, boris.sipNumber);
    const watcher = new Watcher(annaPhone, watching);
    expect((await watcher.next()).xml).not.toContain('<dialog ');

    const first = await borisApi.put('/me/do-not-disturb', { instance: desk.instance, on: true });
    expect(first.status).toBe(204);
    // The laptop would still ring: Boris is not DND.
    expect(await stateIn(annaApi, 'Boris Petrov')).toBe('free');

    await borisApi.put('/me/do-not-disturb', { instance: laptop.instance, on: true });
    expect(await stateIn(annaApi, 'Boris Petrov')).toBe('dnd');
    await expect
      .poll(() => heard.at(-1), { timeout: 1000 })
      .toEqual({
        type: 'presence-changed',
        sipNumber: boris.sipNumber,
        state: 'dnd',
      });
    const { xml: busy } = await watcher.next();
    expect(stateOf(busy)).toBe('confirmed');
    expect(busy).toContain(`<dialog id="dnd-${boris.sipNumber}">`);

    await borisApi.put('/me/do-not-disturb', { instance: laptop.instance, on: false });
    expect(await stateIn(annaApi, 'Boris Petrov')).toBe('free');
    await expect
      .poll(() => heard.at(-1)?.type === 'presence-changed' && heard.at(-1))
      .toEqual({
        type: 'presence-changed',
        sipNumber: boris.sipNumber,
        state: 'free',
      });
    expect((await watcher.next()).xml).not.toContain('<dialog ');
  });

  it('ends with the device: its connection closed, the DND is gone', async () => {
    const { boris, desk, laptop, heard, annaApi, borisApi } = await start();
    await borisApi.put('/me/do-not-disturb', { instance: desk.instance, on: true });
    await borisApi.put('/me/do-not-disturb', { instance: laptop.instance, on: true });
    await expect.poll(() => heard.length, { timeout: 1000 }).toBe(1);
    laptop.client.close();
    // The desk phone alone is on DND: still DND.
    await expect.poll(() => pbx.pbx.bindings.list(boris.sipNumber).length).toBe(1);
    expect(await stateIn(annaApi, 'Boris Petrov')).toBe('dnd');
    desk.client.close();
    await expect.poll(() => heard.length, { timeout: 1000 }).toBe(2);
    expect(heard[1]).toMatchObject({ state: 'offline' });
    // Signed in again: nothing of the old DND is left.
    await device(boris);
    expect(await stateIn(annaApi, 'Boris Petrov')).toBe('free');
  });

  it('refuses a device not signed in (409), a bad body (400) and no session (401)', async () => {
    const { desk, annaApi, borisApi } = await start();
    // Only one's own devices: Anna cannot put Boris's desk phone on DND.
    expect(
      (await annaApi.put('/me/do-not-disturb', { instance: desk.instance, on: true })).status,
    ).toBe(409);
    const unknown = await borisApi.put('/me/do-not-disturb', { instance: randomUUID(), on: true });
    expect(unknown.status).toBe(409);
    expect(unknown.body.message).toBe('this device is not registered on your number yet');
    const bad = await borisApi.put('/me/do-not-disturb', { instance: '', on: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([
      { path: 'instance', message: 'instance is required' },
      { path: 'on', message: 'on must be true or false' },
    ]);
    borisApi.token = undefined;
    const anonymous = await borisApi.put('/me/do-not-disturb', { instance: 'x', on: true });
    expect(anonymous.status).toBe(401);
  });
});
