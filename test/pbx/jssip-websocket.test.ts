import type JsSIP from 'jssip';
import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import type { IncomingMessageEvent, OutgoingMessageEvent } from 'jssip/lib/UA';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUa, registerUa, stopUa } from '../support/jssip';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';

let pbx: TestPbx;
const uas: JsSIP.UA[] = [];

beforeEach(async () => {
  pbx = await startTestPbx();
});

afterEach(async () => {
  await Promise.all(uas.splice(0).map(stopUa));
  await pbx.stop();
});

function ua(sipNumber: string, password: string, deviceKind?: string): JsSIP.UA {
  const created = createUa({ httpPort: pbx.pbx.ports.http, sipNumber, password, deviceKind });
  uas.push(created);
  return created;
}

const until = async (check: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('JsSIP over WebSocket', () => {
  it('registers with digest authentication and the binding records the device', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    await registerUa(ua(anna.sipNumber, anna.password, 'softphone-web'));
    const [binding] = pbx.pbx.bindings.list(anna.sipNumber);
    expect(binding?.deviceKind).toBe('softphone-web');
    expect(binding?.flow.protocol).toBe('ws');
    expect(binding?.userAgent).toMatch(/JsSIP/);
  });

  it('refuses a wrong password and JsSIP reports the failure', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    await expect(registerUa(ua(anna.sipNumber, 'not-the-password'))).rejects.toThrow(
      /Authentication Error/,
    );
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(0);
  });

  it('carries a MESSAGE between two registered user agents', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    const annaUa = ua(anna.sipNumber, anna.password);
    const borisUa = ua(boris.sipNumber, boris.password);
    await Promise.all([registerUa(annaUa), registerUa(borisUa)]);

    const received = new Promise<{ body: string; from: string }>((resolve) => {
      borisUa.on('newMessage', (event: IncomingMessageEvent | OutgoingMessageEvent) => {
        if (event.originator !== 'remote') return;
        const request = event.request as IncomingRequest;
        resolve({ body: String(request.body), from: request.getHeader('From') });
      });
    });
    const delivered = new Promise<number>((resolve, reject) => {
      annaUa.sendMessage(`sip:${boris.sipNumber}@${TEST_DOMAIN}`, 'Привет, Boris', {
        eventHandlers: {
          succeeded: (e) => resolve(e.response.status_code),
          failed: (e) => reject(new Error(String(e.cause))),
        },
      });
    });
    expect(await delivered).toBe(200);
    const message = await received;
    expect(message.body).toBe('Привет, Boris');
    expect(message.from).toContain('"Anna Ivanova"');
  });

  it('removes the binding the moment the WebSocket closes', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    const annaUa = ua(anna.sipNumber, anna.password);
    await registerUa(annaUa);
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(1);
    // Close the socket without unregistering, as a crashed or disconnected client would.
    (annaUa as unknown as { _transport: { disconnect(): void } })._transport.disconnect();
    await until(() => pbx.pbx.bindings.list(anna.sipNumber).length === 0, 1000);
  });
});
