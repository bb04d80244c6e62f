import { EventEmitter } from 'node:events';
import type { PowerMonitor } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { reregisterOnWake, WAKE_COALESCE_MS } from './power';

function setUp() {
  const powerMonitor = new EventEmitter() as EventEmitter & Pick<PowerMonitor, 'on'>;
  const reregister = vi.fn();
  let clock = 1_000_000;
  reregisterOnWake(powerMonitor, reregister, () => clock);
  const later = (ms: number) => (clock += ms);
  return { powerMonitor, reregister, later };
}

describe('reregisterOnWake', () => {
  it('asks for a re-registration when the computer resumes from sleep', () => {
    const { powerMonitor, reregister } = setUp();
    expect(reregister).not.toHaveBeenCalled();
    powerMonitor.emit('resume');
    expect(reregister).toHaveBeenCalledOnce();
  });

  it('asks again when the screen is unlocked later', () => {
    const { powerMonitor, reregister, later } = setUp();
    powerMonitor.emit('resume');
    later(60_000);
    powerMonitor.emit('unlock-screen');
    expect(reregister).toHaveBeenCalledTimes(2);
  });

  it('asks once for a resume and an unlock that come together', () => {
    const { powerMonitor, reregister, later } = setUp();
    powerMonitor.emit('resume');
    later(WAKE_COALESCE_MS - 1);
    powerMonitor.emit('unlock-screen');
    expect(reregister).toHaveBeenCalledOnce();
  });

  it('ignores the power events that are not a wake-up', () => {
    const { powerMonitor, reregister } = setUp();
    for (const event of ['suspend', 'lock-screen', 'on-battery', 'shutdown']) {
      powerMonitor.emit(event);
    }
    expect(reregister).not.toHaveBeenCalled();
  });
});
