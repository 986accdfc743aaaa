import { EnvError } from '@bvg/config';
import { loadWorkerEnv, type WorkerConfig } from './env.ts';
import { startWorker } from './start-worker.ts';

async function main() {
  let config: WorkerConfig;
  try {
    config = loadWorkerEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const worker = await startWorker(config);

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
}

await main();
