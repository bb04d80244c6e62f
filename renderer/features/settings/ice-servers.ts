import type { IceServerConfig } from '../../store';

/** "stun:host:port" or "turn:host:port user password", one per line. */
export function parseIceServers(text: string): IceServerConfig[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([url]) => url && /^(stun|stuns|turn|turns):/i.test(url))
    .map(([urls, username, credential]) => ({
      urls: urls!,
      ...(username ? { username } : {}),
      ...(credential ? { credential } : {}),
    }));
}

export function formatIceServers(servers: IceServerConfig[]): string {
  return servers
    .flatMap((s) =>
      (Array.isArray(s.urls) ? s.urls : [s.urls]).map((url) =>
        [url, s.username, s.credential].filter(Boolean).join(' '),
      ),
    )
    .join('\n');
}
