/**
 * Hostile messages a step adds besides its flow: stray responses whose top Via names the PBX,
 * responses forged for a request the PBX really sent, broken requests inside a live dialog.
 */
import type { Endpoint } from './endpoints';
import { BAD_HOSTS, BAD_PORTS, BAD_REPLACES, PROTO_NAMES } from './hostile-values';
import { mutate } from './mutations';
import type { Prng } from './prng';
import type { Run } from './run';
import { responseTo, type UaDialog } from './sip-ua';
import { Outgoing, type Received } from './wire';

export interface HostileContext {
  /** A device's own connection or socket, to send from (its flow). */
  endpoint?: Endpoint;
  /**
   * A request the PBX sent that is still live, and where it arrived; `answered` once its real
   * final response went out (only then are forged finals sent: before, one would decide the
   * call instead of probing it).
   */
  pbxRequest?: { request: Received; endpoint: Endpoint; answered?: boolean };
  /** A dialog the scenario is in, and the endpoint it speaks from. */
  dialog?: { ua: UaDialog; endpoint: Endpoint };
}

const STATUSES = [100, 180, 183, 200, 202, 401, 407, 481, 486, 487, 500, 503, 603];
const METHODS = [
  'INVITE',
  'BYE',
  'REGISTER',
  'OPTIONS',
  'NOTIFY',
  'REFER',
  'UPDATE',
  'CANCEL',
  'INFO',
];
/** In-dialog methods a hostile step may send (no BYE: it would end the dialog it probes). */
const IN_DIALOG = [
  'INVITE',
  'UPDATE',
  'INFO',
  'REFER',
  'NOTIFY',
  'OPTIONS',
  'ACK',
  'MESSAGE',
  'PRACK',
  'SUBSCRIBE',
];

/** With the run's hostile rate, adds one to three hostile messages at this step. */
export async function hostileStep(run: Run, label: string, context: HostileContext): Promise<void> {
  const p = run.step(`${label}:hostile`);
  if (!p.chance(run.rates.hostile)) return;
  const actions: ((p: Prng) => Promise<void>)[] = [(q) => stray(run, label, q, context.endpoint)];
  const live = context.pbxRequest;
  if (live)
    actions.push((q) => forged(run, label, q, live.request, live.endpoint, live.answered ?? false));
  const dialog = context.dialog;
  if (dialog) {
    actions.push((q) => inDialog(run, label, q, dialog.ua, dialog.endpoint));
    actions.push((q) => inDialog(run, label, q, dialog.ua, dialog.endpoint, 'REFER'));
  }
  for (let n = p.between(1, 3); n > 0; n--) await p.pick(actions)(p);
}

/** A response no transaction of the PBX expects; its top Via is the PBX's own. */
export async function stray(run: Run, label: string, p: Prng, from?: Endpoint): Promise<void> {
  const { sip } = run.world.address;
  const sink = run.world.sink.port;
  const status = p.pick(STATUSES);
  const method = p.pick(METHODS);
  const token = p.chance(0.3) ? `;pbxf=pbxf-${p.between(0, 400)}` : '';
  const top = `SIP/2.0/UDP 127.0.0.1:${sip};branch=z9hG4bK${p.hex(8)};rport${token}`;
  // `--without via-received` leaves out the broken second Vias (to look past that crash).
  const broken = run.without.has('via-received') ? 0 : 1;
  const [via2, second] = p.weighted<[string, string | undefined]>([
    [['via2-ok', `SIP/2.0/UDP 127.0.0.1:${sink};branch=z9hG4bK${p.hex(4)}`], 2],
    [
      [
        'via2-received',
        `SIP/2.0/UDP 127.0.0.1:${sink};branch=z9hG4bK${p.hex(4)};received=${p.pick(BAD_HOSTS)}`,
      ],
      4 * broken,
    ],
    [
      ['via2-rport', `SIP/2.0/UDP 127.0.0.1:${sink};rport=${p.pick(BAD_PORTS)};branch=z9hG4bK1`],
      2 * broken,
    ],
    [['via2-host', `SIP/2.0/TCP ${p.pick(['a~b', 'localhost', '[::1]'])};branch=z9hG4bK1`], broken],
    [['via2-none', undefined], 1],
  ]);
  const callId = p.chance(0.5) ? `${p.hex(8)}@fuzz` : p.pick(PROTO_NAMES);
  const message = new Outgoing(`SIP/2.0 ${status} Stray`, [
    ['Via', top],
    ...(second ? [['Via', second] as [string, string]] : []),
    ['From', `<sip:${p.between(1000000, 9999999)}@${run.world.address.domain}>;tag=${p.hex(4)}`],
    ['To', `<sip:${p.between(1000000, 9999999)}@${run.world.address.domain}>;tag=${p.hex(4)}`],
    ['Call-ID', callId],
    ['CSeq', `${p.between(1, 99)} ${method}`],
  ]);
  if (status < 300) message.fields.push(['Contact', `<sip:x@127.0.0.1:${sink}>`]);
  const endpoint = from && p.chance(0.5) ? from : run.world.sink;
  const stream = endpoint.transport === 'tcp';
  const mutated = p.chance(0.6)
    ? mutate(message, 'response', p, run.env, run.without, stream)
    : undefined;
  const name = `stray:${status}:${via2}${mutated ? `:${mutated.name}` : ''}`;
  await run.sendMutated(endpoint, mutated?.bytes ?? message.bytes(), label, name, 'response');
}

/** A response to a request the PBX sent (same Via set, so it matches), broken in one place. */
async function forged(
  run: Run,
  label: string,
  p: Prng,
  request: Received,
  endpoint: Endpoint,
  answered: boolean,
): Promise<void> {
  const finals = request.method === 'INVITE' ? [200, 200, 486, 603] : [200, 202, 481, 500];
  const status = p.pick(answered ? finals : [180, 183, 199]);
  const response = responseTo(request, status, {
    contact: `sip:f@127.0.0.1:${run.world.sink.port}`,
  });
  await sendBroken(run, label, p, response, 'response', endpoint, `forged:${status}`);
}

/** A request inside a live dialog, broken in one place (route set, Refer-To, tags, ...). */
async function inDialog(
  run: Run,
  label: string,
  p: Prng,
  ua: UaDialog,
  endpoint: Endpoint,
  method = p.pick(IN_DIALOG),
): Promise<void> {
  const extra: [string, string][] = [];
  if (method === 'REFER') {
    const replaces = p.chance(0.5) ? `?Replaces=${encodeURIComponent(p.pick(BAD_REPLACES))}` : '';
    extra.push([
      'Refer-To',
      `<sip:${p.between(0, 9999999)}@${run.world.address.domain}${replaces}>`,
    ]);
  }
  if (method === 'NOTIFY') extra.push(['Event', 'refer'], ['Subscription-State', 'active']);
  const request = ua.request(method, endpoint, extra);
  await sendBroken(run, label, p, request, 'in-dialog', endpoint, `in-dialog:${method}`);
}

/** Breaks `message` once and sends it, named `prefix:mutation` (nothing when all are left out). */
async function sendBroken(
  run: Run,
  label: string,
  p: Prng,
  message: Outgoing,
  role: 'response' | 'in-dialog',
  endpoint: Endpoint,
  prefix: string,
): Promise<void> {
  const stream = endpoint.transport === 'tcp';
  const broken = mutate(message, role, p, run.env, run.without, stream);
  if (broken)
    await run.sendMutated(endpoint, broken.bytes, label, `${prefix}:${broken.name}`, role);
}
