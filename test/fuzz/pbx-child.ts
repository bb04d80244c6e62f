import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  HarnessConfig,
  HarnessFault,
  HarnessMessage,
  HarnessReady,
  HarnessStatus,
} from './harness-protocol';

const HARNESS = join(import.meta.dirname, 'harness.ts');
/** The runtime settings the PBX runs with in production (scripts/pbx.mjs), and gc for RSS. */
const NODE_FLAGS = ['--max-semi-space-size=1', '--expose-gc', '--import', 'tsx'];
/** Generous: on a busy shared machine tsx and 300 employees took over 30 s once. */
const START_MS = 90_000;

/** The PBX under test as the fuzzer sees it: a child process that may exit at any moment. */
export class PbxChild {
  private fault?: HarnessFault;
  private stderrTail = '';
  private statusWaiters: ((status: HarnessStatus | undefined) => void)[] = [];
  private exitListeners: (() => void)[] = [];
  exit?: { code: number | null; signal: NodeJS.Signals | null };

  private constructor(
    private readonly child: ChildProcess,
    private readonly crashFile: string,
    private readonly dir: string,
    readonly ready: HarnessReady,
  ) {}

  static async start(config: Omit<HarnessConfig, 'crashFile'>): Promise<PbxChild> {
    const dir = mkdtempSync(join(tmpdir(), 'pbx-fuzz-child-'));
    const crashFile = join(dir, 'crash.json');
    const child = fork(HARNESS, [], {
      // FUZZ_PBX_NODE_FLAGS adds flags for a look inside (`--cpu-prof`, `--heapsnapshot-signal`).
      execArgv: [
        ...NODE_FLAGS,
        ...(process.env.FUZZ_PBX_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      ],
      env: {
        ...process.env,
        MALLOC_ARENA_MAX: '2',
        FUZZ_HARNESS: JSON.stringify({ ...config, crashFile }),
      },
      // `--pbx-log LEVEL` with FUZZ_PBX_LOG=FILE keeps the PBX's own log (it writes to stdout).
      stdio: [
        'ignore',
        process.env.FUZZ_PBX_LOG ? openSync(process.env.FUZZ_PBX_LOG, 'a') : 'ignore',
        'pipe',
        'ipc',
      ],
    });
    let tail = '';
    child.stderr?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-20_000)));
    const ready = await new Promise<HarnessReady>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the PBX did not start in time')), START_MS);
      child.on('message', (message: HarnessMessage) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        resolve(message);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the PBX exited at start (${code}): ${tail.slice(-3000)}`));
      });
    });
    const pbx = new PbxChild(child, crashFile, dir, ready);
    pbx.stderrTail = tail;
    child.stderr?.on('data', (chunk: Buffer) => {
      pbx.stderrTail = (pbx.stderrTail + chunk.toString()).slice(-20_000);
    });
    child.on('message', (message: HarnessMessage) => pbx.onMessage(message));
    child.on('error', () => undefined); // a write to a channel that just closed; exit says the rest
    child.once('exit', (code, signal) => {
      pbx.exit = { code, signal };
      for (const waiter of pbx.statusWaiters.splice(0)) waiter(undefined);
      for (const listener of pbx.exitListeners.splice(0)) listener();
    });
    return pbx;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  onExit(listener: () => void): void {
    if (this.exit) listener();
    else this.exitListeners.push(listener);
  }

  /** The harness's figures; undefined when it does not answer within `ms` (or is gone). */
  status(gc = false, ms = 5000): Promise<HarnessStatus | undefined> {
    if (!this.alive || !this.child.connected) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), ms);
      this.statusWaiters.push((status) => {
        clearTimeout(timer);
        resolve(status);
      });
      // The child may die between the check above and this write (EPIPE): no status then.
      this.child.send({ type: 'status', gc }, (error) => {
        if (!error) return;
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }

  /** What killed it, from IPC or the crash file; undefined while alive or for a plain exit. */
  crash(): HarnessFault | undefined {
    if (this.fault) return this.fault;
    if (!existsSync(this.crashFile)) return undefined;
    try {
      return (this.fault = JSON.parse(readFileSync(this.crashFile, 'utf8')) as HarnessFault);
    } catch {
      return undefined;
    }
  }

  /** Kills the process at once: a death the fuzzer did not cause (for the harness's own tests). */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  stderr(): string {
    return this.stderrTail;
  }

  async stop(): Promise<void> {
    if (this.alive) {
      const gone = new Promise<void>((resolve) => this.onExit(resolve));
      this.child.kill('SIGTERM');
      const kill = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(kill);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private onMessage(message: HarnessMessage): void {
    if (message.type === 'fault') this.fault ??= message;
    if (message.type === 'status') this.statusWaiters.shift()?.(message);
  }
}
