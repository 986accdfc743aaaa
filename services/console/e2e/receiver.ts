// A vendor's webhook receiver for a test: a real HTTP server on a free port, answering 204.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';

export type Received = {
  type: string;
  caseId: string | undefined;
  signed: boolean;
  /** A message's text (message.outbound), when the event carries one. */
  body?: string;
};

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
      const payload = JSON.parse(body) as {
        type: string;
        data?: { caseId?: string; body?: string };
      };
      received.push({
        type: payload.type,
        caseId: payload.data?.caseId,
        signed: String(req.headers['webhook-signature'] ?? '').startsWith('v1,'),
        ...(payload.data?.body === undefined ? {} : { body: payload.data.body }),
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
