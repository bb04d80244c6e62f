import type { ScenarioName } from './scenarios';

/**
 * A scenario that killed the PBX: enough to play it again (`npm run fuzz -- --replay
 * SEED:INDEX` with its flags, or crash-seeds.test.ts), and the message as it was sent.
 */
export interface CrashSeed {
  /** The finding it reproduces (test/fuzz/FINDINGS.md). */
  name: string;
  seed: number;
  index: number;
  flags: {
    rates: { mutation: number; hostile: number };
    without: string[];
    media: boolean;
    only?: ScenarioName[];
  };
  scenario: ScenarioName;
  /** The step and mutation of the message after which the PBX was dead. */
  step: string;
  mutation: string;
  /** Where it died (crash.ts `stackTop`). */
  stackTop: string;
  /** The message's bytes (latin1) as sent on e1adfe0; ports, tags and branches vary per run. */
  message: string;
}

/** Every seed that crashed the PBX, found on e1adfe0. */
export const CRASH_SEEDS: CrashSeed[] = [
  {
    name: 'a header named __proto__ in a 180 the PBX forwards (bridged call): unhandled rejection',
    seed: 107,
    index: 8,
    flags: {
      rates: { mutation: 0.25, hostile: 0.35 },
      without: ['via-received', 'contact'],
      media: true,
      only: ['employee-call'],
    },
    scenario: 'employee-call',
    step: 'ringing',
    mutation: 'proto-header:name-0',
    stackTop:
      'TypeError: lowerName.replace is not a function @ canonicalHeaderName (pbx/sip/message.ts) < canonical (pbx/sip/serializer.ts)',
    message:
      'SIP/2.0 180 Ringing\r\n' +
      'Via: SIP/2.0/WS 127.0.0.1:38567;branch=z9hG4bKVPxxxOO1apZZsYaF;rport;pbxf=pbxf-50\r\n' +
      'Via: SIP/2.0/WS fz368.invalid;branch=z9hG4bKfz4xymxd36xu12tn;received=127.0.0.1\r\n' +
      'Record-Route: <sip:pbxf-52@127.0.0.1:38567;transport=ws;lr>\r\n' +
      'Record-Route: <sip:pbxf-50@127.0.0.1:38567;transport=ws;lr>\r\n' +
      'From: "Employee 71" <sip:0335257@pbx.test>;tag=f4xymxd36xu12tm\r\n' +
      'To: <sip:0907150@pbx.test>;tag=t4xymxd36xum2tp\r\n' +
      'Call-ID: call4xymxd36xu12tl\r\n' +
      'CSeq: 1 INVITE\r\n' +
      'Contact: <sip:0907150@fz369.invalid;transport=ws>\r\n' +
      '__proto__: SIP/2.0/UDP a~b\r\n' +
      'Content-Length: 0\r\n' +
      '\r\n',
  },
  {
    name: 'a header named constructor in a stray 487 the PBX relays',
    seed: 101,
    index: 4154,
    flags: {
      rates: { mutation: 0.25, hostile: 0.35 },
      without: ['via-received'],
      media: true,
      only: ['stray-burst'],
    },
    scenario: 'stray-burst',
    step: 'stray-burst',
    mutation: 'stray:487:via2-ok:proto-header:name-1',
    stackTop:
      'TypeError: lowerName.replace is not a function @ canonicalHeaderName (pbx/sip/message.ts) < canonical (pbx/sip/serializer.ts)',
    message:
      'SIP/2.0 487 Stray\r\n' +
      'constructor: \r\n' +
      'Via: SIP/2.0/UDP 127.0.0.1:45226;branch=z9hG4bKa2e59d6c7902fd20;rport;pbxf=pbxf-59\r\n' +
      'Via: SIP/2.0/UDP 127.0.0.1:35530;branch=z9hG4bK953170ad\r\n' +
      'From: <sip:9388502@pbx.test>;tag=d6987dfa\r\n' +
      'To: <sip:6255696@pbx.test>;tag=faae3b2d\r\n' +
      'Call-ID: 52770cc0f0fca53e@fuzz\r\n' +
      'CSeq: 69 REFER\r\n' +
      'Content-Length: 0\r\n' +
      '\r\n',
  },
  {
    name: 'a stray response whose second Via has received=%00',
    seed: 102,
    index: 4845,
    flags: {
      rates: { mutation: 0.25, hostile: 0.35 },
      without: ['proto-header'],
      media: true,
      only: ['stray-burst'],
    },
    scenario: 'stray-burst',
    step: 'stray-burst',
    mutation: 'stray:180:via2-received:via-garbage:value-1',
    stackTop:
      'SipParseError: Bad URI @ StatelessRelay.flowToVia (pbx/routing/relay.ts) < StatelessRelay.relayResponse (pbx/routing/relay.ts)',
    message:
      'SIP/2.0 180 Stray\r\n' +
      'Via: SIP/2.0/FOO 127.0.0.1:47852;branch=z9hG4bK1\r\n' +
      'Via: SIP/2.0/UDP 127.0.0.1:47852;branch=z9hG4bK8c14d2c6;received=%00\r\n' +
      'From: <sip:1152444@pbx.test>;tag=bb75e36d\r\n' +
      'To: <sip:5507379@pbx.test>;tag=63ba0d10\r\n' +
      'Call-ID: __proto__\r\n' +
      'CSeq: 83 REFER\r\n' +
      'Contact: <sip:x@127.0.0.1:47852>\r\n' +
      'Content-Length: 0\r\n' +
      '\r\n',
  },
  {
    name: 'the carrier’s 200 with an unparsable Contact, no rtpengine',
    seed: 106,
    index: 0,
    flags: {
      rates: { mutation: 0.25, hostile: 0.35 },
      without: ['via-received', 'proto-header'],
      media: false,
      only: ['carrier-out'],
    },
    scenario: 'carrier-out',
    step: 'carrier-answer',
    mutation: 'contact:addr-10',
    stackTop:
      'SipParseError: Bad Address @ DialogLeg.confirm (pbx/trunk/dialog-leg.ts) < OutboundCall.handleCarrierResponse (pbx/trunk/outbound-call.ts)',
    message:
      'SIP/2.0 200 OK\r\n' +
      'Via: SIP/2.0/UDP 127.0.0.1:50822;branch=z9hG4bK4xVv49HSV9od83ZE;rport\r\n' +
      'From: <sip:+74952300000@127.0.0.1>;tag=3M49iMDx\r\n' +
      'To: <sip:+78120000000@127.0.0.1>;tag=c8cwmxd3fr3y2xw\r\n' +
      'Call-ID: hX786DK6bfW8wxgE@127.0.0.1\r\n' +
      'CSeq: 1 INVITE\r\n' +
      'Contact: <sip:a@b>;=x\r\n' +
      'Content-Type: application/sdp\r\n' +
      'Content-Length: 189\r\n' +
      '\r\n' +
      'v=0\r\n' +
      'o=- 40002 1 IN IP4 127.0.0.1\r\n' +
      's=-\r\n' +
      'c=IN IP4 127.0.0.1\r\n' +
      't=0 0\r\n' +
      'm=audio 40002 RTP/AVP 8 0 101\r\n' +
      'a=rtpmap:8 PCMA/8000\r\n' +
      'a=rtpmap:0 PCMU/8000\r\n' +
      'a=rtpmap:101 telephone-event/8000\r\n' +
      'a=sendrecv\r\n',
  },
  {
    name: 'the carrier’s 200 with an unparsable Contact, with rtpengine: unhandled rejection',
    seed: 103,
    index: 394,
    flags: {
      rates: { mutation: 0.25, hostile: 0.35 },
      without: ['via-received', 'proto-header'],
      media: true,
      only: ['carrier-out'],
    },
    scenario: 'carrier-out',
    step: 'carrier-answer',
    mutation: 'contact:uri-5',
    stackTop:
      'SipParseError: Bad Address @ DialogLeg.confirm (pbx/trunk/dialog-leg.ts) < OutboundCall.handleCarrierResponse (pbx/trunk/outbound-call.ts)',
    message:
      'SIP/2.0 200 OK\r\n' +
      'Via: SIP/2.0/UDP 127.0.0.1:50699;branch=z9hG4bKYqbD1iXtwZ57kkXH;rport\r\n' +
      'From: <sip:+74952300000@127.0.0.1>;tag=XCqdPTEl\r\n' +
      'To: <sip:+78120000394@127.0.0.1>;tag=ca1jmxd3iv9p1at\r\n' +
      'Call-ID: I8bdDaoUx7qUGJfz@127.0.0.1\r\n' +
      'CSeq: 1 INVITE\r\n' +
      'Contact: <sip:a@a~b>\r\n' +
      'Content-Type: application/sdp\r\n' +
      'Content-Length: 189\r\n' +
      '\r\n' +
      'v=0\r\no=- 40002 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n' +
      'm=audio 40002 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n' +
      'a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n',
  },
  {
    name: 'a second 200 with an unparsable Contact from the employee’s device on a carrier call: unhandled rejection',
    seed: 104,
    index: 374,
    flags: {
      rates: { mutation: 0.25, hostile: 0.35 },
      without: ['via-received', 'proto-header'],
      media: true,
      only: ['carrier-in'],
    },
    scenario: 'carrier-in',
    step: 'answered',
    mutation: 'forged:200:contact:addr-11',
    stackTop:
      'SipParseError: Bad Address @ DialogLeg.confirm (pbx/trunk/dialog-leg.ts) < InboundCall.employeeDialog (pbx/trunk/inbound-call.ts)',
    message:
      'SIP/2.0 200 OK\r\n' +
      'Via: SIP/2.0/TCP 127.0.0.1:39209;branch=z9hG4bKfxdxCsnQZXS877LM;rport\r\n' +
      'From: "+78120000374" <sip:+78120000374@pbx.test>;tag=CWFAnQ54\r\n' +
      'To: <sip:0588675@pbx.test>;tag=t30pmxd32t2k5ey\r\n' +
      'Call-ID: 4yNkiRcB5ahcFlet@127.0.0.1\r\n' +
      'CSeq: 1 INVITE\r\n' +
      'Contact: <sip:a@b>;;\r\n' +
      'Content-Length: 0\r\n' +
      '\r\n',
  },
  {
    name: 'the transfer target’s 200 with an unparsable Contact: unhandled rejection',
    seed: 105,
    index: 39,
    flags: {
      rates: { mutation: 0.25, hostile: 0.35 },
      without: ['via-received', 'proto-header'],
      media: true,
      only: ['transfer'],
    },
    scenario: 'transfer',
    step: 'transfer-answer',
    mutation: 'contact:addr-11',
    stackTop:
      'SipParseError: Bad Address @ DialogLeg.confirm (pbx/trunk/dialog-leg.ts) < CarrierTransfer.targetAnswered (pbx/trunk/carrier-transfer.ts)',
    message:
      'SIP/2.0 200 OK\r\n' +
      'Via: SIP/2.0/UDP 127.0.0.1:41282;branch=z9hG4bKQkZOOPTfZE0CC8E5;rport\r\n' +
      'From: "+78120000039" <sip:+78120000039@pbx.test>;tag=cFHRHDCd\r\n' +
      'To: <sip:0484342@pbx.test>;tag=t3pzmxd33p8f35a\r\n' +
      'Call-ID: c9N5lUTNjKNpLCah@127.0.0.1\r\n' +
      'CSeq: 1 INVITE\r\n' +
      'Contact: <sip:a@b>;;\r\n' +
      'Content-Type: application/sdp\r\n' +
      'Content-Length: 191\r\n' +
      '\r\n' +
      'v=0\r\n' +
      'o=- 30232 117 IN IP4 127.0.0.1\r\n' +
      's=-\r\n' +
      'c=IN IP4 127.0.0.1\r\n' +
      't=0 0\r\n' +
      'm=audio 30232 RTP/AVP 8 0 101\r\n' +
      'a=rtpmap:8 PCMA/8000\r\n' +
      'a=rtpmap:0 PCMU/8000\r\n' +
      'a=rtpmap:101 telephone-event/8000\r\n' +
      'a=sendrecv\r\n',
  },
];
