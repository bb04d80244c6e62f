import { apiBaseUrl } from '../../api';
import { pageProtocol } from '../../app/session';
import type { Services } from '../../app/services';

export interface AdminSignInForm {
  /** The server address as typed (the same forms as the phone's). */
  server: string;
  email: string;
  password: string;
  /** Keep the password too (only where the host keeps it encrypted). */
  remember: boolean;
}

/** Signs in to the API as an admin; rejects with an ApiRequestError the form puts in words. */
export async function signInAdmin(services: Services, form: AdminSignInForm): Promise<void> {
  const { api, host, store } = services;
  const server = form.server.trim();
  const email = form.email.trim();
  const baseUrl = apiBaseUrl(server, pageProtocol());
  if (!baseUrl) throw new Error('invalid server address');
  const session = await api(baseUrl).signInAdmin({ email, password: form.password });
  const keep = form.remember && (await host.canKeepPassword());
  // Remembering is a convenience: a host that cannot save does not stop the sign-in.
  await host
    .saveAdminAccount({ server, email, ...(keep ? { password: form.password } : {}) })
    .catch((error: unknown) => console.warn('could not remember the admin account', error));
  store.getState().adminSignedIn({
    server,
    baseUrl,
    token: session.token,
    email: session.admin.email,
    company: session.company,
  });
}

/** Revokes the session (DELETE /auth/session); server and e-mail stay, the password goes. */
export async function signOutAdmin(services: Services): Promise<void> {
  const { api, host, store } = services;
  const session = store.getState().admin.session;
  if (!session) return;
  store.getState().adminSignedOut();
  await Promise.all([
    api(session.baseUrl, session.token)
      .signOut()
      .catch(() => {}),
    host.saveAdminAccount({ server: session.server, email: session.email }),
  ]);
}
