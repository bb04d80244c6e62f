/** The WebSocket URL of a server address, or `undefined` when it is not one. */
export function toWebSocketUrl(input: string, pageProtocol?: string): string | undefined {
  const text = input.trim();
  if (/^wss?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      return url.hostname ? text.replace(/\/$/, '') : undefined;
    } catch {
      return undefined;
    }
  }
  const match =
    /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:(\d{1,5}))?$/i.exec(
      text,
    );
  if (!match) return undefined;
  const host = match[1]!.toLowerCase();
  const port = match[6];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return undefined;
  const local = host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
  const scheme = pageProtocol === 'http:' || local ? 'ws' : 'wss';
  return `${scheme}://${host}${port ? `:${port}` : ''}`;
}
