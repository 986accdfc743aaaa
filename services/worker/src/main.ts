import { EnvError } from '@bvg/config';
import { createWorkers } from './create-worker.ts';
import { loadWorkerEnv } from './env.ts';

function main() {
  let config: ReturnType<typeof loadWorkerEnv>;
  try {
    config = loadWorkerEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const worker = createWorkers(config);
  worker.logger.info({ queues: worker.workers.map((w) => w.name) }, 'worker started');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    worker.logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 30_000).unref();
    void worker.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Keep the process alive even when no queue has handlers yet.
  setInterval(() => {}, 1 << 30);
}

main();
