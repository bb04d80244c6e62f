import type { Inbox } from './inbox';
import { WAIT_MS } from './run';
import { branch, contactUri, unique, via } from './sip-ua';
import { header, Outgoing } from './wire';
import type { Device, World } from './world';

/**
 * Sends one message of a registration; a scenario passes one that may also mutate it, with
 * `variant` for a broken copy that is a transaction of its own.
 */
export type Sender = (
  message: Outgoing,
  label: string,
  variant: () => Outgoing,
) => Promise<void> | void;

/** The REGISTER of a device (RFC 3261 §10.2); `expires` 0 removes its binding. */
export function registerRequest(
  world: World,
  device: Device,
  callId: string,
  cseq: number,
  expires: number,
  contact = contactUri(device.endpoint, device.number),
): Outgoing {
  const aor = `sip:${device.number}@${world.address.domain}`;
  return new Outgoing(`REGISTER sip:${world.address.domain} SIP/2.0`, [
    ['Via', via(device.endpoint, branch())],
    ['Max-Forwards', '70'],
    ['From', `<${aor}>;tag=${unique('r')}`],
    ['To', `<${aor}>`],
    ['Call-ID', callId],
    ['CSeq', `${cseq} REGISTER`],
    ['Contact', expires === 0 && contact === '*' ? '*' : `<${contact}>`],
    ['Expires', String(expires)],
    ['User-Agent', 'pbx-fuzz'],
  ]);
}

/**
 * Registers a device as a phone does: credentials from the last challenge when it has them,
 * else (or when they are stale) after a 401. Resolves with the final status, 0 on no answer.
 */
export async function registerDevice(
  world: World,
  device: Device,
  inbox: Inbox,
  label: string,
  options: { expires?: number; contact?: string; send?: Sender } = {},
): Promise<number> {
  const send: Sender = options.send ?? ((message) => device.endpoint.send(message.bytes()));
  const callId = unique('reg');
  const expires = options.expires ?? 3600;
  const uri = `sip:${world.address.domain}`;
  let cseq = 1;
  for (let attempt = 0; attempt < 3; attempt++) {
    const build = () => {
      const request = registerRequest(world, device, callId, cseq, expires, options.contact);
      if (device.creds.ready) request.fields.push(device.creds.authorize('REGISTER', uri));
      return request;
    };
    await send(build(), `${label}-register`, build);
    const final = await inbox.wait(
      (m) =>
        !m.request &&
        header(m, 'call-id') === callId &&
        m.status >= 200 &&
        header(m, 'cseq') === `${cseq} REGISTER`,
      WAIT_MS,
    );
    if (!final) return 0;
    if (final.status !== 401 || !device.creds.learn(final)) return final.status;
    cseq++;
  }
  return 401;
}
