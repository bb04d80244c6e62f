import { apiBaseUrl } from '../api/base-url';
import type { AccountInfo } from '../store/registration-slice';
import type { Services } from './services';

/** Problems after which the PBX has revoked this browser's device credential. */
const REVOKED: ReadonlySet<string> = new Set([
  'device-sign-in-ended',
  'password-changed',
  'number-removed',
  'number-disabled',
  'device-removed',
]);

/**
 * Asks the PBX for a credential for this browser's device and keeps it (issue 23 item 6). The
 * phone works without it: a failure only means the next reload asks for the password.
 */
export async function keepDeviceSignIn(
  services: Services,
  server: string,
  sipNumber: string,
): Promise<void> {
  const keeper = services.host.deviceCredential;
  if (!keeper) return;
  try {
    const instance = await services.host.instanceId();
    const issued = await services.employeeApi.call((api) =>
      api.issueDeviceCredential({ instance }),
    );
    if (services.store.getState().registration.account?.sipNumber !== sipNumber) return;
    await keeper.save({ server, sipNumber, ...issued });
  } catch {
    // Not kept: the next reload shows the sign-in form, as before.
  }
}

/** Forgets this browser's device credential; `revoke`: and tells the PBX (Sign out). */
export async function forgetDeviceSignIn(services: Services, revoke: boolean): Promise<void> {
  const keeper = services.host.deviceCredential;
  const kept = await keeper?.load();
  if (!keeper || !kept) return;
  await keeper.forget();
  const baseUrl = apiBaseUrl(kept.server, globalThis.location?.protocol);
  if (!revoke || !baseUrl) return;
  await services
    .api(baseUrl)
    .revokeDeviceCredential({ username: kept.username, secret: kept.secret })
    .catch(() => {});
}

/**
 * While `account` is signed in: when the PBX revoked the device credential (the device dropped,
 * the number disabled, the password changed), the browser forgets it. A phone signed in with
 * the password (`withDevice` false) asks for a new one once it is registered again.
 */
export function watchDeviceSignIn(
  services: Services,
  account: AccountInfo,
  withDevice: boolean,
  issue: () => Promise<void>,
): void {
  const { store } = services;
  let revoked = false;
  const stop = store.subscribe((state, previous) => {
    const now = state.registration;
    if (now.account !== account) return stop();
    if (now === previous.registration) return;
    if (now.problem && REVOKED.has(now.problem) && !revoked) {
      revoked = true;
      void forgetDeviceSignIn(services, false);
    }
    if (now.status === 'registered' && revoked && !withDevice) {
      revoked = false;
      void issue();
    }
  });
}
