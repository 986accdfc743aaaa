// A vendor's webhook receiver for a test: a real HTTP server on a free port, answering 204.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';

export type Received = { type: string; caseId: string | undefined; signed: boolean };

export async function startReceiver(
  path = '/webhooks/console-e2e',
): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const payload = JSON.parse(body) as { type: string; data?: { caseId?: string } };
      received.push({
        type: payload.type,
        caseId: payload.data?.caseId,
        signed: String(req.headers['webhook-signature'] ?? '').startsWith('v1,'),
      });
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}${path}`, received };
}
