/**
 * Dead-peer detection for one dialog (Kamailio's dialog keepalive, for the PBX's own dialogs):
 * a far end not heard from for an interval gets an OPTIONS inside the dialog; 481 (it forgot the
 * dialog) or no answer (Timer F, or no connection: a made-up 408) means it is gone. Any other
 * answer, a 405 or 501 too, is a live peer.
 */
import type { Guard } from './types';

export interface PeerProbeEvents {
  /** Sends the OPTIONS; resolves with its final status (never rejects). */
  ask(): Promise<number>;
  /** The far end is gone: the dialog ends. */
  gone(): void;
}

/** The statuses of a far end that has left the dialog (RFC 5057 §5.1). */
const GONE = new Set([408, 481]);

export class PeerProbe {
  private heardAt = Date.now();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    /** 0 or less: never probes. */
    private readonly intervalMs: number,
    private readonly events: PeerProbeEvents,
    private readonly guard: Guard,
  ) {
    this.schedule();
  }

  /** The far end sent something: it is there. */
  heard(): void {
    this.heardAt = Date.now();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.intervalMs <= 0 || this.stopped) return;
    const wait = Math.max(0, this.heardAt + this.intervalMs - Date.now());
    this.timer = setTimeout(() => this.guard('dialog probe', () => this.probe()), wait);
    this.timer.unref?.();
  }

  private probe(): void {
    if (Date.now() - this.heardAt < this.intervalMs) return this.schedule();
    void this.events.ask().then((status) =>
      this.guard('dialog probe response', () => {
        if (this.stopped) return;
        if (GONE.has(status)) return this.events.gone();
        this.heard();
        this.schedule();
      }),
    );
  }
}
