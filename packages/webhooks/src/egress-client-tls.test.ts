import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEgressClient, type HostResolver } from './egress-client.ts';
import { EgressNetworkError } from './errors.ts';

// A receiver with a certificate for hooks.partner.test, served on 127.0.0.1.
let server: https.Server;
let port: number;
let cert: string;
const serverNames: Array<string | false> = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bvg-webhooks-tls-'));
  try {
    // Node cannot issue X.509 certificates itself; openssl ships with the base system.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=hooks.partner.test',
        '-addext',
        'subjectAltName=DNS:hooks.partner.test',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    server = https.createServer({ key, cert }, (req, res) => {
      // `servername` (the SNI the client sent) is missing from the TLSSocket type.
      serverNames.push((req.socket as TLSSocket & { servername: string | false }).servername);
      res.writeHead(200).end(req.headers.host);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

const resolveHost: HostResolver = async () => [{ address: '127.0.0.1', family: 4 }];

describe('https through the pinned address', () => {
  it('sends SNI and checks the certificate for the URL name, not the address', async () => {
    const egress = createEgressClient({
      allowlist: ['127.0.0.1'],
      resolveHost,
      ca: cert,
      timeoutMs: 2_000,
      maxResponseBytes: 1024,
      userAgent: 'bvg-webhooks-test/1',
    });
    try {
      const response = await egress.post(`https://hooks.partner.test:${port}/in`, { body: '{}' });

      expect(response.status).toBe(200);
      expect(response.body).toBe(`hooks.partner.test:${port}`);
      expect(response.address).toBe('127.0.0.1');
      expect(serverNames.at(-1)).toBe('hooks.partner.test');
    } finally {
      egress.close();
    }
  });

  it('refuses a certificate that does not match the name', async () => {
    const egress = createEgressClient({
      allowlist: ['127.0.0.1'],
      resolveHost,
      ca: cert,
      timeoutMs: 2_000,
      maxResponseBytes: 1024,
      userAgent: 'bvg-webhooks-test/1',
    });
    try {
      const error = await egress
        .post(`https://other.partner.test:${port}/in`, { body: '{}' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(EgressNetworkError);
      expect(error).toMatchObject({ systemCode: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    } finally {
      egress.close();
    }
  });
});
