import type { Host } from './host';

export const INSTANCE_KEY = 'softphone.instance-id';
export const ACCOUNT_KEY = 'softphone.account';
export const ADMIN_ACCOUNT_KEY = 'softphone.admin-account';
export const DEVICE_CREDENTIAL_KEY = 'softphone.device-credential';

/** What the web host needs of the page; tests pass fakes. */
export interface WebHostDeps {
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** `window.Notification`, when the browser has it. */
  notification?: Pick<typeof Notification, 'permission' | 'requestPermission'> &
    (new (title: string, options?: NotificationOptions) => unknown);
  open?: (url: string, target: string, features: string) => unknown;
  randomUUID?: () => string;
  location?: PageLocation;
}

/** A v4 UUID; `crypto.randomUUID` exists only on secure pages, getRandomValues everywhere. */
export function uuidV4(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The page's address: the PBX that served it is the server to sign in to. */
type PageLocation = Pick<Location, 'protocol' | 'host'>;

/**
 * The browser host: accounts, instance id and the PBX's device credential in localStorage,
 * never a password.
 */
export function createWebHost(deps: WebHostDeps = {}): Host {
  const storage = deps.storage ?? globalThis.localStorage;
  const Notify = deps.notification ?? globalThis.Notification;
  const open = deps.open ?? ((url, target, features) => globalThis.open(url, target, features));
  const randomUUID = deps.randomUUID ?? uuidV4;

  const page = deps.location ?? globalThis.location;
  return {
    deviceKind: 'softphone-web',
    defaultServer: page?.protocol.startsWith('http') ? page.host : undefined,
    async instanceId() {
      const known = storage.getItem(INSTANCE_KEY);
      if (known) return known;
      const id = randomUUID();
      storage.setItem(INSTANCE_KEY, id);
      return id;
    },
    async loadAccount() {
      const { server, sipNumber, domain } = readStrings(storage, ACCOUNT_KEY);
      if (server === undefined || sipNumber === undefined) return undefined;
      return { server, sipNumber, ...(domain ? { domain } : {}) };
    },
    async saveAccount({ server, sipNumber, domain }) {
      storage.setItem(ACCOUNT_KEY, JSON.stringify({ server, sipNumber, domain }));
    },
    async forgetAccount() {
      storage.removeItem(ACCOUNT_KEY);
    },
    async canKeepPassword() {
      return false;
    },
    async loadAdminAccount() {
      const { server, email } = readStrings(storage, ADMIN_ACCOUNT_KEY);
      return server !== undefined && email !== undefined ? { server, email } : undefined;
    },
    async saveAdminAccount({ server, email }) {
      storage.setItem(ADMIN_ACCOUNT_KEY, JSON.stringify({ server, email }));
    },
    async forgetAdminAccount() {
      storage.removeItem(ADMIN_ACCOUNT_KEY);
    },
    deviceCredential: {
      async load() {
        const { server, sipNumber, username, secret } = readStrings(storage, DEVICE_CREDENTIAL_KEY);
        if (!server || !sipNumber || !username || !secret) return undefined;
        return { server, sipNumber, username, secret };
      },
      async save({ server, sipNumber, username, secret }) {
        storage.setItem(
          DEVICE_CREDENTIAL_KEY,
          JSON.stringify({ server, sipNumber, username, secret }),
        );
      },
      async forget() {
        storage.removeItem(DEVICE_CREDENTIAL_KEY);
      },
    },
    notify(title, body) {
      if (!Notify) return;
      if (Notify.permission === 'granted') new Notify(title, { body });
      else if (Notify.permission === 'default') {
        void Notify.requestPermission().then((p) => p === 'granted' && new Notify(title, { body }));
      }
    },
    openExternal(url) {
      if (/^(https?|mailto|tel|sip):/i.test(url)) open(url, '_blank', 'noopener,noreferrer');
    },
  };
}

/** The string fields of the JSON object under `key`; nothing from a missing or damaged entry. */
function readStrings(
  storage: Pick<Storage, 'getItem'>,
  key: string,
): Partial<Record<string, string>> {
  try {
    const value: unknown = JSON.parse(storage.getItem(key) ?? 'null');
    if (typeof value !== 'object' || value === null) return {};
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  } catch {
    return {};
  }
}
