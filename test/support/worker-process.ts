// The worker service as its own OS process (`node --import tsx services/worker/src/main.ts`),
// so a test can SIGKILL it the way a crash would, mid-transaction and mid-request.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const WORKER_DIR = fileURLToPath(new URL('../../services/worker/', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker logged that it started (its queues consume). */
  started: Promise<void>;
  /** The last part of its output, for a failure message. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function spawnWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: WORKER_DIR,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-20_000);
  };
  child.stderr?.on('data', keep);
  const started = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (tail.includes('"msg":"worker started"')) resolve();
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`worker exited before starting (${code ?? signal}):\n${tail}`)),
    );
  });
  // A kill before start-up finished is part of the test, not an unhandled rejection.
  started.catch(() => {});
  return {
    child,
    started,
    output: () => tail,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
}
