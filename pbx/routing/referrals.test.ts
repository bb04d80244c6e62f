import { describe, expect, it } from 'vitest';
import { ReferralTable } from './referrals';

const phone = { transferee: '0100001', flowId: 'udp:127.0.0.1:5062', target: '0100003' };

describe('ReferralTable', () => {
  it('matches the transferee’s own device calling the target within 32 s of the 202', () => {
    const clock = { t: 0 };
    const table = new ReferralTable(() => clock.t);
    table.remember({ ...phone, callId: 'a' });
    expect(table.find('0100001', 'udp:127.0.0.1:5064', '0100003')).toBeUndefined();
    expect(table.find('0100001', phone.flowId, '0100004')).toBeUndefined();
    expect(table.find('0100002', phone.flowId, '0100003')).toBeUndefined();
    clock.t = 31_999;
    expect(table.find('0100001', phone.flowId, '0100003')?.callId).toBe('a');
    clock.t = 32_000;
    expect(table.find('0100001', phone.flowId, '0100003')).toBeUndefined();
  });

  it('two transfers of one dialog: the first INVITE matched uses its referral up', () => {
    const table = new ReferralTable(() => 0);
    table.remember({ ...phone, callId: 'a' });
    table.remember({ ...phone, callId: 'a' });
    const first = table.find('0100001', phone.flowId, '0100003');
    table.use(first!.id);
    const second = table.find('0100001', phone.flowId, '0100003');
    expect(second?.id).not.toBe(first!.id);
    table.use(second!.id);
    expect(table.find('0100001', phone.flowId, '0100003')).toBeUndefined();
  });

  it('keeps at most its cap, dropping the oldest', () => {
    const table = new ReferralTable(() => 0, 3);
    for (const target of ['1', '2', '3', '4']) table.remember({ ...phone, target, callId: target });
    expect(table.size).toBe(3);
    expect(table.find('0100001', phone.flowId, '1')).toBeUndefined();
    expect(table.find('0100001', phone.flowId, '4')?.callId).toBe('4');
  });
});
