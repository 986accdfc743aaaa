import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type ReceiverHandler = (request: ReceivedRequest, res: http.ServerResponse) => void;

export interface HttpReceiver {
  /** e.g. `http://127.0.0.1:43121` or `http://[::1]:43121` */
  origin: string;
  port: number;
  requests: ReceivedRequest[];
  /** TCP connections accepted, so a test can prove nothing even connected. */
  connections: number;
  close(): Promise<void>;
}

const answerOk: ReceiverHandler = (_request, res) => {
  res.writeHead(204).end();
};

/** A real HTTP server on a loopback address that records what reaches it. */
export async function startReceiver(
  handler: ReceiverHandler = answerOk,
  host: '127.0.0.1' | '::1' = '127.0.0.1',
): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      handler(request, res);
    });
  });
  const receiver = {
    origin: '',
    port: 0,
    requests,
    connections: 0,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  server.on('connection', () => {
    receiver.connections += 1;
  });
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  receiver.port = port;
  receiver.origin = host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
  return receiver;
}
