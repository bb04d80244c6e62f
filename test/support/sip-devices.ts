import { expect } from 'vitest';
import type { TestPbx } from './pbx';
import { RawSipClient, registerWithDigest, type RawTransport } from './raw-sip-client';

/** Every client opened here since the last `closeSipClients()`, so no test leaks a socket. */
const opened: RawSipClient[] = [];

/** A raw SIP client connected to the test PBX: SIP port for UDP and TCP, HTTP port for WS. */
export async function sipClient(pbx: TestPbx, transport: RawTransport = 'udp') {
  const port = transport === 'ws' ? pbx.pbx.ports.http : pbx.pbx.ports.sip;
  const client = await RawSipClient.connect(transport, port);
  opened.push(client);
  return client;
}

/** A device that registers as a phone does; the test fails unless the PBX answers 200. */
export async function registeredDevice(
  pbx: TestPbx,
  sipNumber: string,
  password: string,
  transport: RawTransport = 'udp',
): Promise<RawSipClient> {
  const client = await sipClient(pbx, transport);
  expect(await registerWithDigest(client, sipNumber, password)).toBe(200);
  return client;
}

/** The final status a new device gets for its REGISTER, for tests that expect a refusal. */
export async function registerStatus(
  pbx: TestPbx,
  sipNumber: string,
  password: string,
): Promise<number> {
  return registerWithDigest(await sipClient(pbx), sipNumber, password);
}

/** Closes the clients opened since the last call; a test file calls it in `afterEach`. */
export function closeSipClients(): void {
  for (const client of opened.splice(0)) client.close();
}
