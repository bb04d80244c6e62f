import { hostileStep } from '../hostile';
import { registerDevice } from '../registration';
import type { Run } from '../run';
import { branch, unique, via } from '../sip-ua';
import { Outgoing } from '../wire';
import { TRANSPORTS } from './employee-call';

/**
 * A phone registers from scratch with digest authentication (broken copies of its REGISTERs
 * on the way), asks the PBX for OPTIONS, and removes its binding again: by its Contact, or
 * all of the number's with `Contact: *`.
 */
export async function registration(run: Run): Promise<void> {
  const plan = run.step('plan');
  const device = await run.freshDevice('reg', plan.pick(TRANSPORTS));
  const inbox = device.owner!;
  const send = (message: Outgoing, label: string, variant: () => Outgoing) =>
    run.send(device.endpoint, message, label, 'request', variant);
  const expires = plan.pick([60, 600, 3600]);
  const status = await registerDevice(run.world, device, inbox, 'reg', { send, expires });
  await hostileStep(run, 'registered', { endpoint: device.endpoint });
  if (status !== 200) return;
  run.world.counts.registrations++;
  if (plan.chance(0.5)) {
    const domain = run.world.address.domain;
    const build = () =>
      new Outgoing(`OPTIONS sip:${domain} SIP/2.0`, [
        ['Via', via(device.endpoint, branch())],
        ['Max-Forwards', '70'],
        ['From', `<sip:${device.number}@${domain}>;tag=${unique('o')}`],
        ['To', `<sip:${domain}>`],
        ['Call-ID', unique('opt')],
        ['CSeq', '1 OPTIONS'],
        ['Accept', 'application/sdp'],
      ]);
    const options = build();
    await run.send(device.endpoint, options, 'options', 'request', build);
    await run.maybe(
      inbox,
      (m) => !m.request && m.headers.get('call-id')?.[0] === options.get('Call-ID'),
      1000,
    );
  }
  const contact = plan.chance(0.3) ? '*' : undefined;
  await registerDevice(run.world, device, inbox, 'unreg', { send, expires: 0, contact });
}
