// Runs the partner integration guide's example client (examples/partner-client, written with
// @bvg/partner-sdk) against a real listening gateway, so the documented steps keep working:
// a token by secret and by private key, the offered cases, accepting them, a webhook receiver.
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptAll, connect, offeredCases, webhookReceiver } from '@bvg/example-partner-client';
import type { PartnerCase, WebhookEvent } from '@bvg/partner-sdk';
import { generateWebhookSecret, signWebhook } from '@bvg/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  issueClientSecret,
  type ListeningGateway,
  registerClientKey,
  startListeningGateway,
} from '../support/listening-gateway.ts';

let gateway: ListeningGateway;

beforeAll(async () => {
  gateway = await startListeningGateway();
});
afterAll(async () => {
  await gateway?.close();
});

describe('partner integration guide', () => {
  it('client_secret_basic: sees only its own offers and accepts them', async () => {
    const { stack, base } = gateway;
    const vendor = await stack.seed.vendor();
    const secret = await issueClientSecret(stack, vendor.clientId);
    const mine = await stack.seed.case(vendor.id);
    await stack.seed.case((await stack.seed.vendor()).id);

    const sdk = connect({ GATEWAY_URL: base, CLIENT_ID: vendor.clientId, CLIENT_SECRET: secret });
    const offered = await offeredCases(sdk);
    expect(offered.map((c) => c.id)).toEqual([mine.id]);

    // A case that moved on meanwhile (stale version) is skipped, not fatal.
    await stack.owner.case.update({ where: { id: mine.id }, data: { version: { increment: 1 } } });
    expect(await acceptAll(sdk, offered)).toEqual([]);
    const fresh = await offeredCases(sdk);
    const accepted = await acceptAll(sdk, fresh);
    expect(accepted.map((c) => [c.id, c.status])).toEqual([[mine.id, 'ACCEPTED']]);
    expect(await offeredCases(sdk)).toEqual([]);
  });

  it('private_key_jwt: the key file is all it needs', async () => {
    const { stack, base } = gateway;
    const vendor = await stack.seed.vendor();
    const keyFile = join(mkdtempSync(join(tmpdir(), 'partner-key-')), 'key.jwk.json');
    writeFileSync(keyFile, JSON.stringify(await registerClientKey(stack, vendor.clientId)));
    const sdk = connect({
      GATEWAY_URL: base,
      CLIENT_ID: vendor.clientId,
      PRIVATE_KEY_FILE: keyFile,
    });
    expect((await sdk.viewer()).vendorId).toBe(vendor.id);
  });

  describe('webhook receiver', () => {
    let receiver: Server;
    let url: string;
    const seen: { event: WebhookEvent; detail?: PartnerCase }[] = [];
    let arrived: () => void = () => {};
    const secret = generateWebhookSecret();
    let receiverVendor: { id: string; clientId: string };

    beforeAll(async () => {
      const { stack, base } = gateway;
      const vendor = await stack.seed.vendor();
      const sdk = connect({
        GATEWAY_URL: base,
        CLIENT_ID: vendor.clientId,
        CLIENT_SECRET: await issueClientSecret(stack, vendor.clientId),
      });
      receiver = createServer(
        webhookReceiver(sdk, secret, (event, detail) => {
          seen.push({ event, ...(detail ? { detail } : {}) });
          arrived();
        }),
      );
      receiver.listen(0, '127.0.0.1');
      await once(receiver, 'listening');
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
      receiverVendor = vendor;
    });
    afterAll(() => new Promise((r) => receiver?.close(r)));

    it('verifies what the gateway signs, reads the case, and refuses a tampered body', async () => {
      const c = await gateway.stack.seed.case(receiverVendor.id);
      const body = JSON.stringify({
        type: 'case.assigned',
        timestamp: new Date().toISOString(),
        data: { caseId: c.id, vendorId: receiverVendor.id, version: c.version },
      });
      const headers = {
        ...signWebhook({ secret, id: 'msg_example_1', timestamp: new Date(), body }),
      };
      const handled = new Promise<void>((r) => {
        arrived = r;
      });
      const answer = await fetch(url, { method: 'POST', headers, body });
      expect(answer.status).toBe(204);
      await handled;
      expect(seen[0]?.event).toMatchObject({ id: 'msg_example_1', type: 'case.assigned' });
      expect(seen[0]?.detail).toMatchObject({ id: c.id, status: 'OFFERED' });

      const tampered = await fetch(url, {
        method: 'POST',
        headers,
        body: body.replace(c.id, '00000000-0000-4000-8000-000000000000'),
      });
      expect(tampered.status).toBe(400);
      expect(seen).toHaveLength(1);
    });
  });
});
