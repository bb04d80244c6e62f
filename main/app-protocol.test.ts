import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, registerAppScheme, rendererFile, serveRenderer } from './app-protocol';

const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html>');
writeFileSync(join(dir, 'assets', 'index.js'), 'console.log(1)');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the app:// scheme of the packaged renderer', () => {
  it('is registered as a standard, secure scheme that fetch and CORS work with', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
      },
    ]);
    expect(APP_ORIGIN).toBe('app://softphone');
  });

  it('names files inside the renderer folder only', () => {
    expect(rendererFile(dir, 'app://softphone/')).toBe(join(dir, 'index.html'));
    expect(rendererFile(dir, 'app://softphone/index.html#/dialer')).toBe(join(dir, 'index.html'));
    expect(rendererFile(dir, 'app://softphone/assets/index.js?v=1')).toBe(
      join(dir, 'assets', 'index.js'),
    );
    // Dot segments the URL itself resolves stay inside; encoded ones that would leave are refused.
    expect(rendererFile(dir, 'app://softphone/../secret')).toBe(join(dir, 'secret'));
    for (const outside of [
      'app://softphone/assets/%2e%2e%2f%2e%2e%2fsecret',
      'app://softphone/a%2f..%2f..%2fsecret',
      'app://softphone/a%5c..%5c..%5csecret',
      'app://softphone/%00',
      'app://softphone/%E0%A4%A',
      'app://other/index.html',
      'https://softphone/index.html',
      'not a url',
    ]) {
      expect(rendererFile(dir, outside), outside).toBeUndefined();
    }
  });

  it('serves a file through the file fetch, and 404 for anything else', async () => {
    let handler: ((request: Request) => Promise<Response> | Response) | undefined;
    const fetched: string[] = [];
    serveRenderer({ handle: (_scheme, h) => (handler = h as typeof handler) }, dir, async (url) => {
      fetched.push(url);
      return new Response('file');
    });
    const ok = await handler!(new Request('app://softphone/assets/index.js'));
    expect(await ok.text()).toBe('file');
    expect(fetched).toEqual([`file://${join(dir, 'assets', 'index.js')}`]);
    const refused = await handler!(new Request('app://softphone/a%2f..%2f..%2f..%2fetc/passwd'));
    expect(refused.status).toBe(404);
    expect(fetched).toHaveLength(1);
  });
});
