import { createServer } from 'node:http';
import { EnvError } from '@bvg/config';
import { createGateway } from './create-gateway.ts';
import { loadGatewayEnv } from './env.ts';

async function main() {
  let config: ReturnType<typeof loadGatewayEnv>;
  try {
    config = loadGatewayEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const gateway = await createGateway(config);
  const server = createServer(gateway.handle);
  server.listen(config.PORT, config.HOST, () => {
    gateway.logger.info(`gateway listening on http://localhost:${config.PORT}/graphql`);
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    gateway.logger.info({ signal }, 'shutting down');
    server.close(() => {
      void gateway.close().then(() => process.exit(0));
    });
    // Keep-alive connections would hold close() open; end them after in-flight requests.
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
