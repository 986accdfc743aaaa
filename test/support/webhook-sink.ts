// One HTTP receiver for many webhook endpoints (path /hooks/<endpointId>): verifies every
// request with the `standardwebhooks` reference library against that endpoint's secrets and
// records what arrived. Answers 204 at once.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface SinkRecord {
  endpointId: string;
  webhookId: string;
  verified: boolean;
  type: string;
  caseId: string | undefined;
  /** When it arrived (performance.now() of this process). */
  at: number;
}

export interface WebhookSink {
  /** Base URL; an endpoint's URL is `${base}/${endpointId}`. */
  base: string;
  records: SinkRecord[];
  /** Secrets by endpoint id (set before deliveries arrive). */
  secrets: Map<string, string[]>;
  onRecord?: (record: SinkRecord) => void;
  close(): Promise<void>;
}

export async function startWebhookSink(): Promise<WebhookSink> {
  const verifiers = new Map<string, Webhook[]>();
  const sink: WebhookSink = {
    base: '',
    records: [],
    secrets: new Map(),
    close: async () => {},
  };
  const verifiersOf = (endpointId: string) => {
    let list = verifiers.get(endpointId);
    if (!list) {
      list = (sink.secrets.get(endpointId) ?? []).map((s) => new Webhook(s));
      verifiers.set(endpointId, list);
    }
    return list;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const endpointId = (req.url ?? '').split('/').at(-1) ?? '';
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      const verified = verifiersOf(endpointId).some((w) => {
        try {
          w.verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      const payload = JSON.parse(body) as { type: string; data?: { caseId?: string } };
      const record: SinkRecord = {
        endpointId,
        webhookId: headers['webhook-id'],
        verified,
        type: payload.type,
        caseId: payload.data?.caseId,
        at: performance.now(),
      };
      sink.records.push(record);
      sink.onRecord?.(record);
      res.writeHead(204).end();
    });
  });
  // Many keep-alive connections from the dispatcher; the defaults would close idle ones early.
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  sink.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  sink.close = async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  };
  return sink;
}
