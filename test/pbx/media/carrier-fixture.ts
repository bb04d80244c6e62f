import { afterAll, afterEach, beforeAll } from 'vitest';
import { addCompanyNumber, startPbxWithCarrier } from '../../support/carrier';
import type { TestPbx } from '../../support/pbx';
import type { RawSipClient } from '../../support/raw-sip-client';
import { startRtpengine, type TestRtpengine } from '../../support/rtpengine';
import { closeSipClients } from '../../support/sip-devices';

/**
 * The carrier-call media tests' world, its hooks registered in the calling file: one rtpengine
 * for the file; per test a PBX with a UDP trunk (bridged or not) and Anna, whom the company's
 * default number rings. `start` fills `pbx`, `carrier` and returns Anna.
 */
export function carrierWorld() {
  const world = {
    rtpengine: undefined as unknown as TestRtpengine,
    pbx: undefined as unknown as TestPbx,
    carrier: undefined as unknown as RawSipClient,
    async start(bridged: boolean) {
      const { rtpengine } = world;
      ({ pbx: world.pbx, carrier: world.carrier } = await startPbxWithCarrier(
        bridged ? { rtpengine: { host: rtpengine.host, port: rtpengine.ngPort } } : {},
      ));
      const anna = await world.pbx.addEmployee('Anna Ivanova');
      await addCompanyNumber(world.pbx, anna.id);
      return anna;
    },
  };
  beforeAll(async () => {
    world.rtpengine = await startRtpengine();
  });
  afterAll(async () => {
    await world.rtpengine?.stop();
  });
  afterEach(async () => {
    closeSipClients();
    world.carrier?.close();
    await world.pbx?.stop();
  });
  return world;
}
