import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPbxApi, subscribeApiEvents } from './api';
import { App } from './app/App';
import { createServices } from './app/create-services';
import { resumeSession } from './app/session';
import { createWebAudioTones } from './app/tones';
import type { Host } from './host/host';
import { createWebHost } from './host/web-host';
import { createJsSipAdapter } from './sip';
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

async function boot(): Promise<void> {
  const host = await createHost();
  const store = createAppStore();
  const services = createServices({
    adapter: createJsSipAdapter(createSinkForStore(store)),
    host,
    store,
    tones: createWebAudioTones(undefined, (role) => store.getState().settings.audio[role]),
    api: createPbxApi,
    subscribeEvents: subscribeApiEvents,
  });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App services={services} />
    </StrictMode>,
  );
  await resumeSession(services);
}

void boot();
