import { apiBaseUrl } from '../api/base-url';
import type { EmployeeLogin } from '../features/my-number/employee-api';
import { toWebSocketUrl } from '../features/sign-in/server-url';
import type { StoredDeviceCredential } from '../host/host';
import { forgetDeviceSignIn, keepDeviceSignIn, watchDeviceSignIn } from './device-sign-in';
import type { Services } from './services';

export interface SignInForm {
  /** The server address as typed: host[:port], ws://… or wss://…. */
  server: string;
  sipNumber: string;
  /** The SIP domain, when it is not the server's host name ("More options"). */
  domain?: string;
  password: string;
  /** Keep the password too (only where the host keeps it encrypted). */
  remember: boolean;
}

/** The page's protocol, which decides ws or wss for a bare host name. */
export const pageProtocol = (): string | undefined => globalThis.location?.protocol;

/** What the phone starts with: the password, or the device credential the browser kept. */
type Secret = { password: string } | { device: StoredDeviceCredential };

/**
 * Remembers the account through the host, marks the store and starts the adapter; asks the
 * server whether it is this PBX (the dial rules follow the answer) and, when it is, signs in to
 * its HTTP API beside it (the My number card), which the phone never waits for. In a browser
 * the PBX then issues this device a credential, so a reload needs no password (issue 23 item 6).
 */
export async function signIn(services: Services, form: SignInForm): Promise<void> {
  const domain = form.domain?.trim() || undefined;
  const keep = form.remember && (await services.host.canKeepPassword());
  await services.host.saveAccount({
    server: form.server.trim(),
    sipNumber: form.sipNumber,
    ...(domain ? { domain } : {}),
    ...(keep ? { password: form.password } : {}),
  });
  await start(services, { server: form.server, sipNumber: form.sipNumber, domain }, form);
}

async function start(
  services: Services,
  typed: { server: string; sipNumber: string; domain?: string },
  secret: Secret,
): Promise<void> {
  const { adapter, host, store } = services;
  const server = toWebSocketUrl(typed.server, pageProtocol());
  if (!server) throw new Error('invalid server address');
  const { sipNumber, domain } = typed;
  const account = { server, sipNumber, ...(domain ? { domain } : {}) };
  store.getState().signedIn(account);
  const { settings } = store.getState();
  const credentials =
    'device' in secret
      ? { password: secret.device.secret, authorizationUser: secret.device.username }
      : { password: secret.password };
  adapter.start({
    account: { ...account, ...credentials },
    deviceKind: host.deviceKind,
    instanceId: await host.instanceId(),
    iceServers: settings.iceServers,
    dtmfMethod: settings.dtmfMethod,
    ...(settings.audio.microphone ? { microphoneId: settings.audio.microphone } : {}),
  });
  const baseUrl = apiBaseUrl(typed.server, pageProtocol());
  const signedIn = store.getState().registration.account;
  if (!baseUrl || !signedIn) return;
  const issue = () => keepDeviceSignIn(services, typed.server.trim(), sipNumber);
  if (host.deviceCredential) watchDeviceSignIn(services, signedIn, 'device' in secret, issue);
  const login: EmployeeLogin =
    'device' in secret
      ? { baseUrl, sipNumber, device: secret.device }
      : { baseUrl, sipNumber, password: secret.password };
  void Promise.resolve()
    .then(() => services.api(baseUrl).isThisPbx())
    .catch(() => false)
    .then(async (thisPbx) => {
      store.getState().serverIdentified(signedIn, thisPbx ? 'this-pbx' : 'other');
      if (!thisPbx || store.getState().registration.account !== signedIn) return;
      await services.employeeApi.start(login);
      if (!('device' in secret)) await issue();
    });
}

/**
 * Stops the adapter, signs out of the API and forgets the password (server and number stay
 * for next time); a browser's device credential is forgotten and revoked at the PBX.
 */
export async function signOut(services: Services): Promise<void> {
  const { adapter, host, store, employeeApi } = services;
  const stored = await host.loadAccount();
  if (stored) {
    const { server, sipNumber, domain } = stored;
    await host.saveAccount({ server, sipNumber, ...(domain ? { domain } : {}) });
  }
  store.getState().signedOut();
  await Promise.all([adapter.stop(), employeeApi.stop(), forgetDeviceSignIn(services, true)]);
}

/**
 * Signs in with the account the host kept: with its password where it keeps one (desktop), else
 * with the device credential this browser was issued for that server and number.
 */
export async function resumeSession(services: Services): Promise<boolean> {
  const stored = await services.host.loadAccount();
  if (!stored || !toWebSocketUrl(stored.server, pageProtocol())) return false;
  if (stored.password) {
    await signIn(services, { ...stored, password: stored.password, remember: true });
    return true;
  }
  const device = await services.host.deviceCredential?.load();
  if (!device || device.server !== stored.server || device.sipNumber !== stored.sipNumber) {
    return false;
  }
  await start(services, stored, { device });
  return true;
}
