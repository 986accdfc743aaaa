import { EnvError } from '@bvg/config';
import { createWorkers } from './create-worker.ts';
import { createDispatch, type Dispatch } from './dispatch/create-dispatch.ts';
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
  let dispatch: Dispatch | undefined;
  const worker = createWorkers(config, (deps) => {
    dispatch = createDispatch(config, deps);
    return { ...dispatch.handlers };
  });
  dispatch?.relay.start();
  worker.logger.info({ queues: worker.workers.map((w) => w.name) }, 'worker started');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    worker.logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 30_000).unref();
    // The relay stops first so no new work is queued while running jobs finish.
    void (async () => {
      await dispatch?.relay.stop();
      await worker.close();
      await dispatch?.close();
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Keep the process alive even when no queue has handlers yet.
  setInterval(() => {}, 1 << 30);
}

main();
