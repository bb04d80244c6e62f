import dgram from 'node:dgram';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Announcements } from '../../../pbx/media/announcements';
import { earlyAnnouncement } from '../../../pbx/media/announcement-player';
import { MediaBridge } from '../../../pbx/media/media-bridge';
import { plainSdp } from '../../../pbx/media/test-sdp';
import { g711Level } from '../../e2e/g711';
import { startRtpengine, type TestRtpengine } from '../../support/rtpengine';
import { audioPort } from './sdp-answers';

let rtpengine: TestRtpengine;
let bridge: MediaBridge;
beforeAll(async () => {
  rtpengine = await startRtpengine();
  bridge = new MediaBridge({ host: rtpengine.host, port: rtpengine.ngPort });
});
afterAll(async () => {
  await bridge?.close();
  await rtpengine?.stop();
});

// Debian's rtpengine 10.5 (built with transcoding) plays a WAV file into a call: `play media`.
it('rtpengine plays a WAV recording to a caller as G.711 from the port of its 183 answer', async () => {
  const caller = dgram.createSocket('udp4');
  const packets: { payloadType: number; payload: Buffer; from: number }[] = [];
  caller.on('message', (m, from) =>
    packets.push({ payloadType: m[1]! & 0x7f, payload: m.subarray(12), from: from.port }),
  );
  await new Promise<void>((resolve) => caller.bind(0, '127.0.0.1', resolve));
  const wav = new Announcements().forRefusal(1, 'channels-full', 'en')!;
  const sdp = plainSdp(caller.address().port, [[0, 'PCMU/8000']]);
  const announcement = await earlyAnnouncement(bridge, { callId: 'c1', fromTag: 'f1', sdp, wav });
  const started = Date.now();
  await announcement.play();
  await announcement.stop();
  caller.close();
  expect(announcement.sdp).toMatch(/^m=audio \d+ RTP\/AVP 0\b/m);
  expect(announcement.sdp).toMatch(/^a=sendonly/m); // rtpengine only sends: the caller listens
  expect(Date.now() - started).toBeGreaterThan(3000); // "busy on all lines…": about 4 s
  expect(packets.length).toBeGreaterThan(150); // 20 ms packets
  expect(new Set(packets.map((p) => p.payloadType))).toEqual(new Set([0]));
  expect(new Set(packets.map((p) => p.from))).toEqual(new Set([audioPort(announcement.sdp)]));
  expect(g711Level(packets)).toBeGreaterThan(300); // a voice, not silence (under 10)
});
