import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { allKeys, PBX_API_METHODS, type PbxApi } from './api/pbx-api';
import { App } from './app/App';
import { createServices } from './app/create-services';
import { lazyAdapter, lazyAsync, lazySubscriber } from './app/lazy';
import { resumeSession } from './app/session';
import { createWebAudioTones } from './app/tones';
import type { EmployeeApi } from './features/my-number/employee-api';
import type { Host } from './host/host';
import { createWebHost } from './host/web-host';
import { createAppStore, createSinkForStore } from './store';
import './styles.css';
import './desktop.css';

/** The desktop host over the preload bridge in Electron, the web host in a browser. */
async function createHost(): Promise<Host> {
  if (window.softphone) {
    try {
      const { createDesktopHost } = await import('./host/desktop-host');
      return createDesktopHost(window.softphone);
    } catch (error) {
      console.error('desktop host unavailable, using the web host', error);
    }
  }
  return createWebHost();
}

const EMPLOYEE_API_METHODS = allKeys<EmployeeApi>()([
  'start',
  'stop',
  'call',
  'reload',
  'chooseCallerId',
  'dropDevice',
]);

/** Resolves after the browser has painted what was rendered so far. */
function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * The sign-in form is drawn from the first chunk alone; JsSIP loads right after it is painted,
 * and the API client, the phone's screens and the Admin tab when first needed (issue 23, Speed).
 */
async function boot(): Promise<void> {
  const host = await createHost();
  const store = createAppStore();
  takeAdminResetCode(store);
  // Loaded once the first screen is drawn, so its parsing does not hold the sign-in form back.
  const sip = afterFirstPaint()
    .then(() => import('./sip'))
    .then((m) => m.createJsSipAdapter(createSinkForStore(store)));
  const apiModule = () => import('./api');
  const api = (baseUrl: string, token?: string) =>
    lazyAsync<PbxApi>(PBX_API_METHODS, () =>
      apiModule().then((m) => m.createPbxApi(baseUrl, token)),
    );
  const subscribeEvents = lazySubscriber(() => apiModule().then((m) => m.subscribeApiEvents));
  const employeeApi = lazyAsync<EmployeeApi>(EMPLOYEE_API_METHODS, () =>
    import('./features/my-number/employee-api').then((m) =>
      m.createEmployeeApi({ api, subscribeEvents, store }),
    ),
  );
  const services = createServices({
    adapter: lazyAdapter(sip),
    host,
    store,
    tones: createWebAudioTones(undefined, (role) => store.getState().settings.audio[role]),
    api,
    subscribeEvents,
    employeeApi,
    screens: {
      // The phone's screens wait for JsSIP too: no call can be placed before the adapter is in.
      Phone: lazy(() =>
        Promise.all([import('./app/Phone'), sip]).then(([m]) => ({ default: m.Phone })),
      ),
      Admin: lazy(() => import('./features/admin/Admin').then((m) => ({ default: m.Admin }))),
    },
  });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App services={services} />
    </StrictMode>,
  );
  await resumeSession(services);
}

void boot();

/**
 * The link of an admin's "Forgot password" e-mail (`?admin-reset-code=…`) opens the Admin tab
 * at the new-password form; the code leaves the address bar at once (history, Referer).
 */
function takeAdminResetCode(store: ReturnType<typeof createAppStore>): void {
  const url = new URL(globalThis.location.href);
  const code = url.searchParams.get('admin-reset-code');
  if (!code) return;
  url.searchParams.delete('admin-reset-code');
  globalThis.history.replaceState(null, '', url);
  store.setState({ tab: 'admin', adminResetCode: code });
}
