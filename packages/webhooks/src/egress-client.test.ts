import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createEgressClient,
  type EgressClientOptions,
  type HostResolver,
} from './egress-client.ts';
import { EgressBlockedError, EgressNetworkError, EgressTimeoutError } from './errors.ts';
import { generateWebhookSecret, signWebhook } from './sign-webhook.ts';
import { type ReceiverHandler, startReceiver } from './test-support/http-receiver.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(handler?: ReceiverHandler, host?: '127.0.0.1' | '::1') {
  const started = await startReceiver(handler, host);
  cleanups.push(() => started.close());
  return started;
}

function client(options: Partial<EgressClientOptions> = {}) {
  const created = createEgressClient({
    timeoutMs: 2_000,
    maxResponseBytes: 64 * 1024,
    userAgent: 'bvg-webhooks-test/1',
    ...options,
  });
  cleanups.push(() => created.close());
  return created;
}

async function blockedError(promise: Promise<unknown>): Promise<EgressBlockedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EgressBlockedError);
  return error as EgressBlockedError;
}

describe('a signed webhook through the egress client', () => {
  it('is received intact and verifies with the reference Standard Webhooks library', async () => {
    const target = await receiver((_request, res) => res.writeHead(200).end('ok'));
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ type: 'case.assigned', data: { caseId: 'case_1' } });
    const headers = signWebhook({ secret, id: 'msg_1', timestamp: new Date(), body });

    const response = await client({ allowlist: ['127.0.0.1'] }).post(`${target.origin}/hooks`, {
      headers: { ...headers },
      body,
    });

    expect(response).toMatchObject({
      status: 200,
      body: 'ok',
      truncated: false,
      address: '127.0.0.1',
    });
    expect(target.requests).toHaveLength(1);
    const [received] = target.requests;
    expect(received?.method).toBe('POST');
    expect(received?.url).toBe('/hooks');
    expect(received?.headers['user-agent']).toBe('bvg-webhooks-test/1');
    expect(received?.headers['content-type']).toBe('application/json');
    const verified = new Webhook(secret).verify(received?.body ?? '', {
      'webhook-id': String(received?.headers['webhook-id']),
      'webhook-timestamp': String(received?.headers['webhook-timestamp']),
      'webhook-signature': String(received?.headers['webhook-signature']),
    });
    expect(verified).toEqual(JSON.parse(body));
  });
});

describe('blocked destinations', () => {
  const blockedUrls = (port: number) => [
    `http://127.0.0.1:${port}/`,
    `http://localhost:${port}/`,
    `http://LOCALHOST.:${port}/`,
    `http://api.localhost:${port}/`,
    `http://10.0.0.1:${port}/`,
    `http://192.168.1.1:${port}/`,
    `http://172.16.5.4:${port}/`,
    `http://100.64.0.1:${port}/`,
    `http://169.254.169.254/latest/meta-data/`,
    `http://metadata.google.internal/computeMetadata/v1/`,
    `http://0.0.0.0:${port}/`,
    `http://[::1]:${port}/`,
    `http://[::]:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://[::ffff:7f00:1]:${port}/`,
    `http://[64:ff9b::7f00:1]:${port}/`,
    `http://[fe80::1]:${port}/`,
    `http://[fd00::1]:${port}/`,
    // Alternative spellings of 127.0.0.1 that the URL parser normalises.
    `http://2130706433:${port}/`,
    `http://0x7f.1:${port}/`,
    `http://0177.0.0.1:${port}/`,
    `http://127.1:${port}/`,
    `http://１２７.0.0.1:${port}/`,
    `http://localhost%2e:${port}/`,
    `http://[0:0:0:0:0:ffff:10.0.0.1]:${port}/`,
  ];

  it('refuses loopback, private, link-local, metadata and IPv4-in-IPv6 targets before connecting', async () => {
    const v4 = await receiver();
    const v6 = await receiver(undefined, '::1');
    const egress = client();

    for (const url of [...blockedUrls(v4.port), ...blockedUrls(v6.port)]) {
      const error = await blockedError(egress.post(url, { body: '{}' }));
      expect(error.code, url).toBe('EGRESS_BLOCKED');
      expect(['BLOCKED_ADDRESS', 'BLOCKED_HOSTNAME'], url).toContain(error.reason);
    }
    expect(v4.connections).toBe(0);
    expect(v6.connections).toBe(0);
  });

  it('says why: the hostname or the address and its range', async () => {
    const egress = client();

    const byName = await blockedError(egress.get('http://localhost/'));
    expect(byName.reason).toBe('BLOCKED_HOSTNAME');
    const metadata = await blockedError(egress.get('http://169.254.169.254/'));
    expect(metadata.reason).toBe('BLOCKED_ADDRESS');
    expect(metadata.detail).toContain('link-local');
    const mapped = await blockedError(egress.get('http://[::ffff:127.0.0.1]/'));
    expect(mapped.detail).toContain('ipv4-embedded loopback');
  });

  it('checks the addresses a name resolves to through the system resolver', async () => {
    // This machine's own name resolves (through /etc/hosts) to a loopback or private address.
    const name = hostname();
    const [resolved] = await lookup(name, { all: true });
    const target = await receiver();

    const error = await blockedError(
      client().post(`http://${name}:${target.port}/`, { body: '{}' }),
    );

    expect(error.reason).toBe('BLOCKED_ADDRESS');
    expect(error.detail).toContain(resolved?.address);
    expect(target.connections).toBe(0);
  });

  it('blocks a name when any one of its addresses is private, and asks DNS only once', async () => {
    const target = await receiver();
    const lookups: string[] = [];
    const resolveHost: HostResolver = async (name) => {
      lookups.push(name);
      return [
        { address: '93.184.215.14', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ];
    };

    const error = await blockedError(
      client({ resolveHost }).post(`http://rebind.example:${target.port}/`, { body: '{}' }),
    );

    expect(error.detail).toBe('rebind.example → 127.0.0.1 (loopback)');
    expect(lookups).toEqual(['rebind.example']);
    expect(target.connections).toBe(0);
  });

  it('refuses schemes other than http and https, and malformed URLs', async () => {
    const egress = client({ allowlist: ['127.0.0.0/8'] });

    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/', 'gopher://127.0.0.1:70/']) {
      expect((await blockedError(egress.get(url))).reason, url).toBe('UNSUPPORTED_PROTOCOL');
    }
    expect((await blockedError(egress.get('not a url'))).reason).toBe('INVALID_URL');
  });

  it('lets an allowlisted CIDR or hostname through, but only that', async () => {
    const v4 = await receiver();
    const v6 = await receiver(undefined, '::1');

    const byCidr = client({ allowlist: ['127.0.0.0/8', '::1/128'] });
    expect((await byCidr.get(`${v4.origin}/`)).status).toBe(204);
    expect((await byCidr.get(`${v6.origin}/`)).status).toBe(204);
    await blockedError(byCidr.get(`http://10.0.0.1:${v4.port}/`));

    const byName = client({ allowlist: ['localhost'] });
    expect((await byName.get(`http://localhost:${v4.port}/`)).status).toBe(204);
    await blockedError(byName.get(`${v4.origin}/`));
  });
});

describe('connecting to the checked address', () => {
  it('connects to the resolved address once checked, keeping the Host header of the URL', async () => {
    const target = await receiver();
    let lookups = 0;
    const resolveHost: HostResolver = async () => {
      lookups += 1;
      // A rebinding resolver: a second lookup would answer a different address.
      return [{ address: lookups === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    };
    const egress = client({ allowlist: ['127.0.0.1'], resolveHost });

    const response = await egress.post(`http://hooks.partner.example:${target.port}/in?x=1`, {
      headers: { host: 'evil.example' },
      body: '{}',
    });

    expect(response.status).toBe(204);
    expect(response.address).toBe('127.0.0.1');
    expect(lookups).toBe(1);
    expect(target.requests[0]?.headers.host).toBe(`hooks.partner.example:${target.port}`);
    expect(target.requests[0]?.url).toBe('/in?x=1');
  });

  it("reuses a name's checked addresses until dnsCacheMs has passed, and never a refused answer", async () => {
    const target = await receiver();
    let clock = 0;
    const lookups: string[] = [];
    const resolveHost: HostResolver = async (name) => {
      lookups.push(name);
      return [{ address: name === 'bad.example' ? '10.0.0.7' : '127.0.0.1', family: 4 }];
    };
    const egress = client({
      allowlist: ['127.0.0.1'],
      resolveHost,
      dnsCacheMs: 1_000,
      now: () => clock,
    });
    const post = () => egress.post(`http://hooks.partner.example:${target.port}/`, { body: '{}' });

    await post();
    clock = 999;
    await post();
    expect(lookups).toEqual(['hooks.partner.example']);
    clock = 1_000;
    await post();
    expect(lookups).toEqual(['hooks.partner.example', 'hooks.partner.example']);
    expect(target.requests).toHaveLength(3);

    for (let i = 0; i < 2; i++) {
      await blockedError(egress.post(`http://bad.example:${target.port}/`, { body: '{}' }));
    }
    expect(lookups.filter((name) => name === 'bad.example')).toHaveLength(2);
  });

  it('falls back to the next checked address when the first refuses the connection', async () => {
    const target = await receiver();
    const resolveHost: HostResolver = async () => [
      { address: '127.0.0.2', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    const egress = client({ allowlist: ['127.0.0.0/8'], resolveHost });

    const response = await egress.get(`http://two.partner.example:${target.port}/`);

    expect(response.status).toBe(204);
    expect(response.address).toBe('127.0.0.1');
  });
});

describe('responses', () => {
  it('does not follow a redirect, even to an allowed server, and reports it as it is', async () => {
    const elsewhere = await receiver();
    const redirecting = await receiver((_request, res) =>
      res.writeHead(302, { location: `${elsewhere.origin}/stolen` }).end(),
    );

    const response = await client({ allowlist: ['127.0.0.1'] }).post(`${redirecting.origin}/`, {
      body: '{}',
    });

    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`${elsewhere.origin}/stolen`);
    expect(redirecting.requests).toHaveLength(1);
    expect(elsewhere.connections).toBe(0);
  });

  it('cuts a long response body at maxResponseBytes', async () => {
    const target = await receiver((_request, res) => res.writeHead(500).end('x'.repeat(1_000_000)));

    const response = await client({ allowlist: ['127.0.0.1'], maxResponseBytes: 1024 }).get(
      `${target.origin}/`,
    );

    expect(response.status).toBe(500);
    expect(response.body).toBe('x'.repeat(1024));
    expect(response.truncated).toBe(true);
  });

  it('returns the response headers', async () => {
    const target = await receiver((_request, res) =>
      res.writeHead(429, { 'retry-after': '30', 'set-cookie': ['a=1', 'b=2'] }).end(),
    );

    const response = await client({ allowlist: ['127.0.0.1'] }).get(`${target.origin}/`);

    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('30');
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
  });
});

describe('failures', () => {
  it('times out on a server that accepts the request and never answers', async () => {
    const silent = await receiver(() => {});
    const egress = client({ allowlist: ['127.0.0.1'], timeoutMs: 150 });

    const error = await egress.post(`${silent.origin}/`, { body: '{}' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EgressTimeoutError);
    expect(error).toMatchObject({ code: 'EGRESS_TIMEOUT', timeoutMs: 150 });
    expect(silent.requests).toHaveLength(1);
  });

  it('times out on a server that sends headers and then stalls the body', async () => {
    const stalling = await receiver((_request, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    });
    const egress = client({ allowlist: ['127.0.0.1'], timeoutMs: 150 });

    await expect(egress.get(`${stalling.origin}/`)).rejects.toBeInstanceOf(EgressTimeoutError);
  });

  it('times out while the name is still resolving', async () => {
    const resolveHost: HostResolver = () => new Promise(() => {});
    const egress = client({ resolveHost, timeoutMs: 100 });

    await expect(egress.get('http://slow-dns.example/')).rejects.toBeInstanceOf(EgressTimeoutError);
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startReceiver();
    await closed.close();

    const error = await client({ allowlist: ['127.0.0.1'] })
      .get(`${closed.origin}/`)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EgressNetworkError);
    expect(error).toMatchObject({ code: 'EGRESS_NETWORK', systemCode: 'ECONNREFUSED' });
  });

  it('reports a name that does not resolve as a network error', async () => {
    const error = await client()
      .get('http://does-not-exist.invalid/')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EgressNetworkError);
  });
});
