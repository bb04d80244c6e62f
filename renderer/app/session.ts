import { apiBaseUrl } from '../api/base-url';
import { toWebSocketUrl } from '../features/sign-in/server-url';
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

/**
 * Remembers the account through the host, marks the store and starts the adapter; asks the
 * server whether it is this PBX (the dial rules follow the answer) and, when it is, signs in to
 * its HTTP API beside it (the My number card), which the phone never waits for.
 */
export async function signIn(services: Services, form: SignInForm): Promise<void> {
  const { adapter, host, store } = services;
  const server = toWebSocketUrl(form.server, pageProtocol());
  if (!server) throw new Error('invalid server address');
  const domain = form.domain?.trim() || undefined;
  const keep = form.remember && (await host.canKeepPassword());
  await host.saveAccount({
    server: form.server.trim(),
    sipNumber: form.sipNumber,
    ...(domain ? { domain } : {}),
    ...(keep ? { password: form.password } : {}),
  });
  const account = { server, sipNumber: form.sipNumber, ...(domain ? { domain } : {}) };
  store.getState().signedIn(account);
  const { settings } = store.getState();
  adapter.start({
    account: { ...account, password: form.password },
    deviceKind: host.deviceKind,
    instanceId: await host.instanceId(),
    iceServers: settings.iceServers,
    dtmfMethod: settings.dtmfMethod,
    ...(settings.audio.microphone ? { microphoneId: settings.audio.microphone } : {}),
  });
  const baseUrl = apiBaseUrl(form.server, pageProtocol());
  const signedIn = store.getState().registration.account;
  if (!baseUrl || !signedIn) return;
  void Promise.resolve()
    .then(() => services.api(baseUrl).isThisPbx())
    .catch(() => false)
    .then((thisPbx) => {
      store.getState().serverIdentified(signedIn, thisPbx ? 'this-pbx' : 'other');
      if (!thisPbx || store.getState().registration.account !== signedIn) return;
      void services.employeeApi.start({
        baseUrl,
        sipNumber: form.sipNumber,
        password: form.password,
      });
    });
}

/**
 * Stops the adapter, signs out of the API and forgets the password (server and number stay
 * for next time).
 */
export async function signOut(services: Services): Promise<void> {
  const { adapter, host, store, employeeApi } = services;
  const stored = await host.loadAccount();
  if (stored) {
    const { server, sipNumber, domain } = stored;
    await host.saveAccount({ server, sipNumber, ...(domain ? { domain } : {}) });
  }
  store.getState().signedOut();
  await Promise.all([adapter.stop(), employeeApi.stop()]);
}

/** Signs in with the account the host kept, when it kept the password too. */
export async function resumeSession(services: Services): Promise<boolean> {
  const stored = await services.host.loadAccount();
  if (!stored?.password || !toWebSocketUrl(stored.server, pageProtocol())) return false;
  await signIn(services, { ...stored, password: stored.password, remember: true });
  return true;
}
