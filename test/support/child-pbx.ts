import { spawn, type ChildProcess } from 'node:child_process';
import { createAdmin, createEmployee } from '../../pbx/directory';
import { openDataDirStore } from '../../pbx/store';
import { ROOT } from './cli';
import { TEST_DOMAIN, type TestEmployee, type TestPbx } from './pbx';

/** A data directory with one company, its admin and `employees` employees of `channels` lines. */
export async function seedDataDir(
  dir: string,
  employees: number,
  channels = 1,
): Promise<{ employees: TestEmployee[]; admin: { email: string; password: string } }> {
  const store = await openDataDirStore(dir);
  try {
    await store.settings.set('domain', TEST_DOMAIN);
    const { id } = await store.companies.create({ name: 'Test Company' });
    const company = store.forCompany(id);
    const admin = { email: 'admin@example.com', password: 'correct horse battery staple' };
    await createAdmin(company, admin);
    const people: TestEmployee[] = [];
    for (let i = 0; i < employees; i++) {
      const created = await createEmployee(company, { name: `Employee ${i}` }, TEST_DOMAIN);
      await company.sipNumbers.updateSettings(created.sipNumber, { channels });
      people.push({
        id: created.employee.id,
        sipNumber: created.sipNumber,
        password: created.password,
      });
    }
    return { employees: people, admin };
  } finally {
    await store.close();
  }
}

/** `pbx serve` in a process of its own, as an operator runs it; its stdout kept line by line. */
export class ChildPbx {
  private constructor(
    readonly child: ChildProcess,
    readonly sipPort: number,
    readonly httpPort: number,
    /** Its stdout so far, line by line: the log (JSON) and what `serve` prints. */
    readonly lines: string[],
  ) {}

  /**
   * Starts `pbx serve` on `dataDir`. With `tmpfsBytes` it runs in a mount namespace of its
   * own (`unshare -m`) whose `dataDir` is a tmpfs of that size holding a copy of `seedDir`:
   * a small disk the test can fill (through `/proc/PID/root`) without touching the machine's.
   */
  static async start(options: {
    dataDir: string;
    seedDir?: string;
    tmpfsBytes?: number;
    args?: string[];
    env?: Record<string, string>;
  }): Promise<ChildPbx> {
    const serve = [
      ...[process.execPath, '--import', 'tsx', 'pbx/cli/main.ts', 'serve'],
      ...['--data-dir', options.dataDir, '--listen', '127.0.0.1'],
      ...['--http-port', '0', '--sip-port', '0', '--log-level', 'info'],
      ...(options.args ?? []), // later flags win: `--sip-port N` restarts on a known port
    ];
    const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
    const command =
      options.tmpfsBytes === undefined
        ? serve
        : [
            'unshare',
            '-m',
            'sh',
            '-c',
            [
              `mount -t tmpfs -o size=${options.tmpfsBytes} tmpfs ${quote(options.dataDir)}`,
              ...(options.seedDir
                ? [`cp -a ${quote(options.seedDir)}/. ${quote(options.dataDir)}/`]
                : []),
              `exec ${serve.map(quote).join(' ')}`,
            ].join(' && '),
          ];
    const child = spawn(command[0] ?? '', command.slice(1), {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    const lines: string[] = [];
    let partial = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
    });
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)),
    );
    const ports = await new Promise<{ sip: number; http: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start: ${stderr}`)), 60_000);
      const check = () => {
        const ready = lines
          .map((line) => /PBX ready: SIP udp\/tcp (\d+), WebSocket ws:\/\/[^:]+:(\d+)/.exec(line))
          .find(Boolean);
        if (!ready) return;
        clearTimeout(timer);
        resolve({ sip: Number(ready[1]), http: Number(ready[2]) });
      };
      child.stdout?.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the PBX exited (${code}): ${stderr}`));
      });
    });
    return new ChildPbx(child, ports.sip, ports.http, lines);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** What the test's helpers take for a PBX: only its ports are read. */
  get asTestPbx(): TestPbx {
    return { pbx: { ports: { http: this.httpPort, sip: this.sipPort } } } as TestPbx;
  }

  /** Lines of the log (pino's JSON) whose message matches. */
  logged(pattern: RegExp): string[] {
    return this.lines.filter((line) => pattern.test(line));
  }

  /** Stops it with `signal` and resolves once it has exited. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill(signal);
    });
  }
}
