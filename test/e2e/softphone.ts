import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/**
 * Records every RTCPeerConnection and DTMF tone the page makes, from outside the app, so tests
 * can read WebRTC statistics the way a person would hear the call.
 */
const INSTRUMENT = `
  window.__pcs = [];
  window.__tones = '';
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__pcs.push(this); }
  };
  const insert = RTCDTMFSender.prototype.insertDTMF;
  RTCDTMFSender.prototype.insertDTMF = function (tones, ...rest) {
    window.__tones += tones;
    return insert.call(this, tones, ...rest);
  };
`;

/** What the instrumentation leaves on the page's global object (typed without the DOM lib). */
export interface PageProbes {
  __pcs: {
    connectionState: string;
    remoteDescription: { sdp: string } | null;
    getStats(): Promise<{ forEach(fn: (stat: Record<string, unknown>) => void): void }>;
  }[];
  __tones: string;
  __clickAt: number;
  __ringingAt: number;
  /** performance.now() when the Sign in button first appeared (bench/softphone.ts). */
  __signInFormAt: number;
}

export interface InboundAudio {
  bytesReceived: number;
  packetsReceived: number;
  totalAudioEnergy: number;
}

/** One softphone in its own browser context (its own storage, like another computer). */
export class Softphone {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(
    browser: Browser,
    url: string,
    extraScript = '',
    options: BrowserContextOptions = {},
  ): Promise<Softphone> {
    const context = await browser.newContext({ permissions: ['microphone'], ...options });
    await context.addInitScript(INSTRUMENT + extraScript);
    const page = await context.newPage();
    await page.goto(url);
    return new Softphone(context, page);
  }

  /** Signs in; a `domain` goes into "More options" (a SIP domain apart from the server). */
  async signIn(server: string, sipNumber: string, password: string, domain?: string) {
    const page = this.page;
    await page.getByRole('textbox', { name: 'Server address' }).fill(server);
    await page.getByRole('textbox', { name: 'SIP number' }).fill(sipNumber);
    await page.getByLabel('Password', { exact: true }).fill(password);
    if (domain !== undefined) {
      const field = page.getByRole('textbox', { name: 'SIP domain' });
      if (!(await field.isVisible())) await page.getByText('More options').click();
      await field.fill(domain);
    }
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  status(): Promise<string> {
    return this.page.getByRole('status').first().innerText();
  }

  async dial(number: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Number to call' }).fill(number);
    await this.page.getByRole('button', { name: 'Call', exact: true }).click();
  }

  /** Opens the My number details panel of the header (it starts collapsed) and returns it. */
  async myNumber() {
    const toggle = this.button('My number');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    return this.page.getByRole('region', { name: 'My number' });
  }

  /** Settings → "Tones (DTMF) are sent" → the option with this label → Save → Back. */
  async chooseDtmf(label: string): Promise<void> {
    await this.button('Settings').click({ timeout: 10_000 });
    await this.page
      .getByRole('combobox', { name: 'Tones (DTMF) are sent' })
      .selectOption({ label });
    await this.button('Save').click();
    await this.button('Back').click();
  }

  /** Opens the in-call keypad and presses each key of `keys`. */
  async pressTones(keys: string): Promise<void> {
    await this.button('Keypad').click();
    const keypad = this.page.getByRole('group', { name: 'Tones keypad' });
    for (const key of keys) await keypad.getByRole('button', { name: key }).click();
  }

  button(name: string) {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** Inbound audio of the newest live peer connection. */
  inboundAudio(): Promise<InboundAudio> {
    return this.page.evaluate(async () => {
      const pcs = (globalThis as unknown as PageProbes).__pcs;
      const pc = [...pcs].reverse().find((p) => p.connectionState !== 'closed');
      const result = { bytesReceived: 0, packetsReceived: 0, totalAudioEnergy: 0 };
      if (!pc) return result;
      (await pc.getStats()).forEach((stat) => {
        if (stat.type === 'inbound-rtp' && stat.kind === 'audio') {
          result.bytesReceived = Number(stat.bytesReceived ?? 0);
          result.packetsReceived = Number(stat.packetsReceived ?? 0);
          result.totalAudioEnergy = Number(stat.totalAudioEnergy ?? 0);
        }
      });
      return result;
    });
  }

  /** Audio energy received over a window: zero when the other side is silent. */
  async energyOver(ms: number): Promise<{ bytes: number; energy: number }> {
    const before = await this.inboundAudio();
    await this.page.waitForTimeout(ms);
    const after = await this.inboundAudio();
    return {
      bytes: after.bytesReceived - before.bytesReceived,
      energy: after.totalAudioEnergy - before.totalAudioEnergy,
    };
  }

  tonesSent(): Promise<string> {
    return this.page.evaluate(() => (globalThis as unknown as PageProbes).__tones);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}
