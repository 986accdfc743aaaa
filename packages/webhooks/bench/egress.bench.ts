import { createHmac } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createEgressClient } from '../src/egress-client.ts';
import { generateWebhookSecret, signWebhook } from '../src/sign-webhook.ts';
import { type HttpReceiver, startReceiver } from '../src/test-support/http-receiver.ts';

// Each group has a baseline (plain Node) next to our code, measured in the same run.

const secret = generateWebhookSecret();
const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
const body = JSON.stringify({
  type: 'case.assigned',
  timestamp: new Date().toISOString(),
  data: { caseId: 'case_01HZX3', vendorId: 'vendor_01HZX3', version: 3 },
});

describe('signing one message', () => {
  bench('baseline: createHmac only', () => {
    createHmac('sha256', key).update(`msg_1.1700000000.${body}`).digest('base64');
  });
  bench('signWebhook', () => {
    signWebhook({ secret, id: 'msg_1', timestamp: 1700000000, body });
  });
});

let target: HttpReceiver;
const rawAgent = new http.Agent({ keepAlive: true });
const byAddress = createEgressClient({
  allowlist: ['127.0.0.1'],
  timeoutMs: 5_000,
  maxResponseBytes: 4096,
  userAgent: 'bench',
});
const byName = createEgressClient({
  allowlist: ['127.0.0.1'],
  timeoutMs: 5_000,
  maxResponseBytes: 4096,
  userAgent: 'bench',
  resolveHost: async () => [{ address: '127.0.0.1', family: 4 }],
});
const bySystemDns = createEgressClient({
  allowlist: ['localhost'],
  timeoutMs: 5_000,
  maxResponseBytes: 4096,
  userAgent: 'bench',
});
const bySystemDnsEveryTime = createEgressClient({
  allowlist: ['localhost'],
  timeoutMs: 5_000,
  maxResponseBytes: 4096,
  userAgent: 'bench',
  dnsCacheMs: 0,
});

beforeAll(async () => {
  target = await startReceiver();
});
afterAll(async () => {
  rawAgent.destroy();
  for (const client of [byAddress, byName, bySystemDns, bySystemDnsEveryTime]) client.close();
  await target.close();
});

function rawPost(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: 'POST',
        path: '/',
        agent: rawAgent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('one POST to a loopback receiver, keep-alive, sequential', () => {
  bench('baseline: plain http.request', rawPost);
  bench('egress client, IP literal', async () => {
    await byAddress.post(`http://127.0.0.1:${target.port}/`, { body });
  });
  bench('egress client, hostname (resolver in memory)', async () => {
    await byName.post(`http://hooks.partner.example:${target.port}/`, { body });
  });
  bench('egress client, hostname through getaddrinfo (/etc/hosts), answers kept 10 s', async () => {
    await bySystemDns.post(`http://localhost:${target.port}/`, { body });
  });
  bench('egress client, hostname through getaddrinfo (/etc/hosts) on every request', async () => {
    await bySystemDnsEveryTime.post(`http://localhost:${target.port}/`, { body });
  });
});
