/** The hostile-load suite's settings (issue 20): who attacks from where, how hard, how long. */

import { TEST_DOMAIN } from '../support/pbx';

/** The test helpers' domain: their REGISTER and calls name it (test/support/raw-sip-client.ts). */
export const HOSTILE_DOMAIN = TEST_DOMAIN;
export const HOSTILE_PASSWORD = 'hostile-secret';

/** Honest devices and attackers each have loopback addresses of their own (127.0.0.0/8 is local). */
export const ADDRESSES = {
  /** SIPp's honest devices (UDP): registering and calling. */
  honest: '127.0.0.50',
  /** New TCP connections that register, one after another, during an attack. */
  probe: '127.0.0.60',
  /** An office: 200 phones behind one NAT address, each on a TCP connection of its own. */
  office: '127.0.0.70',
  /** The company's admin signing in to the API. */
  admin: '127.0.0.80',
} as const;

/** Attacker address `i` (0-based): 127.0.1.1, 127.0.1.2, … */
export const attackerAddress = (i: number): string => `127.0.1.${1 + (i % 250)}`;

export interface HostilePlan {
  /** How long each attack lasts while the honest devices work. */
  attackSeconds: number;
  /** TCP connections announcing a 1 MB body and never finishing it. */
  bodies: number;
  /** Idle TCP connections, spread over as many addresses as the per-address limit needs. */
  idle: number;
  /** Connections that trickle a SIP or HTTP header in, a byte at a time. */
  slowloris: number;
  /** WebSocket connections sending requests without credentials as fast as they can. */
  wsFlood: number;
  /** Admin sign-ins with wrong passwords kept in flight at once. */
  signIns: number;
  /** Phones behind the office's NAT address. */
  officePhones: number;
  /** SIPp's honest devices: half call the other half. */
  honestDevices: number;
  /** Honest calls per second (each: challenge, answer, BYE). */
  callsPerSecond: number;
  /** Honest re-registrations per second. */
  registersPerSecond: number;
}

/**
 * What `npm test` runs (test/hostile/hostile.test.ts, inside the e2e namespace): every attack,
 * scaled down to fit CI's three minutes; the figures of the full form are in bench/README.md.
 */
export const CI_PLAN: HostilePlan = {
  attackSeconds: 6,
  bodies: 300,
  idle: 3000,
  slowloris: 300,
  wsFlood: 100,
  signIns: 200,
  officePhones: 200,
  honestDevices: 100,
  callsPerSecond: 10,
  registersPerSecond: 20,
};

/** What `npm run bench -- --hostile` runs (bench/hostile.ts): the figures. */
export const FULL_PLAN: HostilePlan = {
  attackSeconds: 30,
  bodies: 1000,
  idle: 20_000,
  slowloris: 4000,
  wsFlood: 1000,
  signIns: 200,
  officePhones: 200,
  honestDevices: 100,
  callsPerSecond: 10,
  registersPerSecond: 20,
};

/**
 * Niceness of the PBX (its SIP thread, as `npm run server -- --nice -10` and the bench set it)
 * and of the attackers' processes. Attackers are other machines in the field; here they share
 * the PBX's two cores, and at equal priority the suite measured how fast the machine opens
 * 20,000 connections rather than what the PBX does with them.
 */
export const PBX_NICE = -10;
export const ATTACKER_NICE = 10;

/** The bar: RSS under attack at most this far above the idle figure. */
export const RSS_ALLOWANCE_BYTES = 300 * 1024 * 1024;
