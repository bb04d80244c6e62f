import { apiBaseUrl } from '../api/base-url';
import { toWebSocketUrl } from '../features/sign-in/server-url';
import type { Services } from './services';

export interface SignInForm {
  /** The server address as typed: host[:port], ws://… or wss://…. */
  server: string;
  sipNumber: string;
  password: string;
  /** Keep the password too (only where the host keeps it encrypted). */
  remember: boolean;
}

/** The page's protocol, which decides ws or wss for a bare host name. */
export const pageProtocol = (): string | undefined => globalThis.location?.protocol;

/**
 * Remembers the account through the host, marks the store and starts the adapter; signs in to
 * the HTTP API beside it (the My number card), which the phone never waits for.
 */
export async function signIn(services: Services, form: SignInForm): Promise<void> {
  const { adapter, host, store } = services;
  const server = toWebSocketUrl(form.server, pageProtocol());
  if (!server) throw new Error('invalid server address');
  const keep = form.remember && (await host.canKeepPassword());
  await host.saveAccount({
    server: form.server.trim(),
    sipNumber: form.sipNumber,
    ...(keep ? { password: form.password } : {}),
  });
  store.getState().signedIn({ server, sipNumber: form.sipNumber });
  const { settings } = store.getState();
  adapter.start({
    account: { server, sipNumber: form.sipNumber, password: form.password },
    deviceKind: host.deviceKind,
    instanceId: await host.instanceId(),
    iceServers: settings.iceServers,
    dtmfMethod: settings.dtmfMethod,
    ...(settings.audio.microphone ? { microphoneId: settings.audio.microphone } : {}),
  });
  const baseUrl = apiBaseUrl(form.server, pageProtocol());
  if (baseUrl) {
    void services.employeeApi.start({
      baseUrl,
      sipNumber: form.sipNumber,
      password: form.password,
    });
  }
}

/**
 * Stops the adapter, signs out of the API and forgets the password (server and number stay
 * for next time).
 */
export async function signOut(services: Services): Promise<void> {
  const { adapter, host, store, employeeApi } = services;
  const stored = await host.loadAccount();
  if (stored) await host.saveAccount({ server: stored.server, sipNumber: stored.sipNumber });
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
