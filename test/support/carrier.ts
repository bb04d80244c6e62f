import { randomBytes } from 'node:crypto';
import { parseNameAddr } from '../../pbx/sip/headers';
import type { SipResponse } from '../../pbx/sip/message';
import { formatUri } from '../../pbx/sip/uri';
import { startTestPbx, type TestPbx } from './pbx';
import { RawSipClient } from './raw-sip-client';
import { freePort } from './sipp';

const OFFER =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n';

/** The carrier's side of one call it sends to the PBX: what a carrier's SBC would write. */
export interface CarrierCall {
  callId: string;
  from: string;
  /** The INVITE's text. */
  invite: string;
}

/** An INVITE as the carrier sends it to a company number (`to`) from a client (`from`). */
export function carrierInvite(
  carrier: RawSipClient,
  pbxPort: number,
  to: string,
  from: string,
  callId = `carrier-${randomBytes(6).toString('hex')}`,
  /** The offer; empty for a late offer (an INVITE without SDP). */
  sdp = OFFER,
): CarrierCall {
  const port = carrier.localPort();
  const fromHeader = `<sip:${from}@127.0.0.1>;tag=c${randomBytes(4).toString('hex')}`;
  const invite = [
    `INVITE sip:${to}@127.0.0.1:${pbxPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
    'Max-Forwards: 70',
    `From: ${fromHeader}`,
    `To: <sip:${to}@127.0.0.1>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    `Contact: <sip:carrier@127.0.0.1:${port}>`,
    ...(sdp ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n');
  return { callId, from: fromHeader, invite };
}

/** A request the carrier sends inside the dialog a 2xx set up (ACK, BYE, re-INVITE). */
export function carrierInDialog(
  carrier: RawSipClient,
  call: CarrierCall,
  ok: SipResponse,
  method: string,
  cseq: number,
  sdp?: string,
): string {
  const target = formatUri(parseNameAddr(ok.headers.get('contact') ?? '').uri);
  const body = sdp === undefined ? [] : ['Content-Type: application/sdp'];
  return [
    `${method} ${target} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${carrier.localPort()};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
    'Max-Forwards: 70',
    `From: ${call.from}`,
    `To: ${ok.headers.get('to')}`,
    `Call-ID: ${call.callId}`,
    `CSeq: ${cseq} ${method}`,
    ...body,
    `Content-Length: ${Buffer.byteLength(sdp ?? '')}`,
    '',
    sdp ?? '',
  ].join('\r\n');
}

/** The carrier's CANCEL of its ringing INVITE (same Via branch, Request-URI and CSeq number). */
export function carrierCancel(call: CarrierCall): string {
  const lines = call.invite.split('\r\n');
  const keep = (prefix: string) => lines.find((line) => line.startsWith(prefix)) ?? '';
  return [
    lines[0]!.replace(/^INVITE/, 'CANCEL'),
    keep('Via:'),
    'Max-Forwards: 70',
    keep('From:'),
    keep('To:'),
    keep('Call-ID:'),
    'CSeq: 1 CANCEL',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** The company number the trunk tests dial and show (Moscow). */
export const COMPANY_NUMBER = '+74952300000';

/**
 * A test PBX with a UDP trunk to a bare carrier on 127.0.0.1 (the returned client, listening on
 * the trunk's port); `overrides` add e.g. the media bridge.
 */
export async function startPbxWithCarrier(
  overrides: Parameters<typeof startTestPbx>[0] = {},
): Promise<{ pbx: TestPbx; carrier: RawSipClient }> {
  const trunkPort = await freePort();
  const pbx = await startTestPbx({
    trunk: { transport: 'udp', host: '127.0.0.1', port: trunkPort },
    ...overrides,
  });
  const carrier = await RawSipClient.connect('udp', pbx.pbx.ports.sip, trunkPort);
  return { pbx, carrier };
}

/** The company's default number, ringing `inboundEmployeeId` (or nobody) when clients call. */
export async function addCompanyNumber(
  pbx: TestPbx,
  inboundEmployeeId: number | null,
): Promise<void> {
  await pbx.company.companyNumbers.create({
    number: COMPANY_NUMBER,
    region: 'Москва',
    enabled: true,
    isDefault: true,
    inboundEmployeeId,
  });
}
