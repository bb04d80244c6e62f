import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../shared/api';
import { signedInAdmin, signedInEmployee } from '../../support/api';
import { startTestPbx, type TestPbx } from '../../support/pbx';
import { closeSipClients, registeredDevice } from '../../support/sip-devices';

let pbx: TestPbx;

afterEach(async () => {
  closeSipClients();
  await pbx?.stop();
});

/** Anna signed in to the API; Boris, Cleo, Dmitri and Elena as her colleagues. */
async function start() {
  pbx = await startTestPbx();
  const anna = await pbx.addEmployee('Anna Ivanova', 'anna-password-1');
  const others = await Promise.all(
    ['Boris Petrov', 'Cleo Smirnova', 'Dmitri Orlov', 'Elena Volkova'].map((name) =>
      pbx.addEmployee(name),
    ),
  );
  const me = await signedInEmployee(pbx, anna.sipNumber, anna.password);
  return { anna, me, others };
}

/** A call between two numbers, as the router tells the tracker of it. */
function trackedCall(caller: string, callee: string, callId: string) {
  return pbx.pbx.dialogs.callStarted({
    callId,
    companyId: pbx.companyId,
    callerNumber: caller,
    callerName: null,
    calleeNumber: callee,
    calleeName: null,
    callerDevice: 'softphone-web',
  });
}

describe('colleagues with their state (GET /me/colleagues)', () => {
  it('says for each whether free, ringing, on a call, on hold, absent until when, or offline', async () => {
    const { me, others } = await start();
    const [boris, cleo, dmitri, elena] = others as [
      (typeof others)[0],
      (typeof others)[0],
      (typeof others)[0],
      (typeof others)[0],
    ];
    for (const e of [boris, cleo, dmitri]) await registeredDevice(pbx, e.sipNumber, e.password);
    // Boris rings Cleo; Dmitri is in an answered call with an outside client, on hold.
    trackedCall(boris.sipNumber, cleo.sipNumber, 'ringing-1');
    const held = trackedCall('+74951234567', dmitri.sipNumber, 'held-1');
    pbx.pbx.dialogs.callAnswered(held, 'softphone-web');
    pbx.pbx.dialogs.holdChanged('held-1', dmitri.sipNumber, true);
    const to = new Date(Date.now() + 86_400_000);
    to.setMilliseconds(0);
    const admin = await signedInAdmin(pbx);
    await admin.post(`/admin/employees/${elena.id}/absences`, {
      from: new Date(Date.now() - 60_000).toISOString(),
      to: to.toISOString(),
      reason: 'vacation',
    });

    const list = await me.get('/me/colleagues');
    expect(list.status).toBe(200);
    const byName = (name: string) =>
      (list.body as { name: string }[]).find((c) => c.name === name) as Record<string, unknown>;
    expect(byName('Boris Petrov')).toMatchObject({ state: 'on-call', registered: true });
    expect(byName('Cleo Smirnova')).toMatchObject({ state: 'ringing', registered: true });
    expect(byName('Dmitri Orlov')).toMatchObject({ state: 'on-hold', registered: true });
    expect(byName('Elena Volkova')).toMatchObject({
      state: 'absent',
      until: to.toISOString(),
      registered: false,
    });

    const ring = pbx.pbx.dialogs.get('ringing-1')!;
    pbx.pbx.dialogs.callAnswered(ring, 'softphone-web');
    pbx.pbx.dialogs.holdChanged('held-1', dmitri.sipNumber, false);
    const answered = await me.get('/me/colleagues');
    const stateOf = (name: string) =>
      (answered.body as { name: string; state: string }[]).find((c) => c.name === name)?.state;
    expect([stateOf('Boris Petrov'), stateOf('Cleo Smirnova'), stateOf('Dmitri Orlov')]).toEqual([
      'on-call',
      'on-call',
      'on-call',
    ]);
    pbx.pbx.dialogs.callEnded('ringing-1');
    pbx.pbx.dialogs.callEnded('held-1');
    await pbx.settle();
    const after = await me.get('/me/colleagues');
    expect(
      (after.body as { name: string; state: string; until?: string }[]).map((c) => [
        c.name,
        c.state,
      ]),
    ).toEqual([
      ['Boris Petrov', 'free'],
      ['Cleo Smirnova', 'free'],
      ['Dmitri Orlov', 'free'],
      ['Elena Volkova', 'absent'],
    ]);
  });

  it('shows a colleague without a signed-in device as offline', async () => {
    const { me } = await start();
    const list = await me.get('/me/colleagues?search=boris');
    expect(list.body).toEqual([
      expect.objectContaining({ name: 'Boris Petrov', state: 'offline', registered: false }),
    ]);
  });

  it('refuses a bad query with 400 naming the field', async () => {
    const { me } = await start();
    const answer = await me.get(`/me/colleagues?search=${'x'.repeat(201)}`);
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual([
      { path: 'search', message: 'search must be at most 200 characters' },
    ]);
  });

  it('announces each change of state to the company at once, once per number', async () => {
    const { others } = await start();
    const [boris, cleo] = others as [(typeof others)[0], (typeof others)[0]];
    await registeredDevice(pbx, boris.sipNumber, boris.password);
    await registeredDevice(pbx, cleo.sipNumber, cleo.password);
    const heard: ApiEvent[] = [];
    pbx.pbx.apiEvents.subscribe(pbx.companyId, (event) => {
      if (event.type === 'presence-changed') heard.push(event);
    });
    const call = trackedCall(boris.sipNumber, cleo.sipNumber, 'call-1');
    pbx.pbx.dialogs.callAnswered(call, 'softphone-web');
    await expect.poll(() => heard.length, { timeout: 1000 }).toBe(2);
    expect(heard).toEqual(
      expect.arrayContaining([
        { type: 'presence-changed', sipNumber: boris.sipNumber, state: 'on-call' },
        { type: 'presence-changed', sipNumber: cleo.sipNumber, state: 'on-call' },
      ]),
    );
    pbx.pbx.dialogs.holdChanged('call-1', cleo.sipNumber, true);
    await expect.poll(() => heard.length, { timeout: 1000 }).toBe(4);
    expect(heard.slice(2).map((e) => 'state' in e && e.state)).toEqual(['on-hold', 'on-hold']);
    pbx.pbx.dialogs.callEnded('call-1');
    await expect.poll(() => heard.length, { timeout: 1000 }).toBe(6);
    expect(heard.slice(4).map((e) => 'state' in e && e.state)).toEqual(['free', 'free']);
  });
});
