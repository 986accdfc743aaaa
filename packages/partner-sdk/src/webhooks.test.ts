import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from './webhooks.ts';

const secret = `whsec_${Buffer.from('a partner endpoint secret, 32 b').toString('base64')}`;

function signed(body: string, id = 'msg_2a', at = new Date()) {
  const signature = new Webhook(secret).sign(id, at, body);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

const body = JSON.stringify({
  type: 'case.assigned',
  timestamp: '2026-12-04T10:00:00.000Z',
  data: { caseId: 'c-1', vendorId: 'v-1', version: 2 },
});

describe('verifyWebhook', () => {
  it('returns the typed event with its webhook-id, from Fetch or Node headers', () => {
    const event = verifyWebhook(new Headers(signed(body)), body, secret);
    expect(event).toEqual({
      id: 'msg_2a',
      type: 'case.assigned',
      timestamp: '2026-12-04T10:00:00.000Z',
      data: { caseId: 'c-1', vendorId: 'v-1', version: 2 },
    });
    if (event.type === 'case.assigned') expect(event.data.caseId).toBe('c-1');
    const node = { ...signed(body), 'content-type': ['application/json'] };
    expect(verifyWebhook(node, Buffer.from(body), secret).id).toBe('msg_2a');
  });

  it('refuses a changed body, another secret, an old timestamp and an unsigned request', () => {
    const headers = signed(body);
    const refused = (fn: () => unknown) => expect(fn).toThrow(WebhookVerificationError);
    refused(() => verifyWebhook(headers, body.replace('c-1', 'c-2'), secret));
    refused(() =>
      verifyWebhook(headers, body, `whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`),
    );
    refused(() =>
      verifyWebhook(signed(body, 'msg_old', new Date(Date.now() - 3_600_000)), body, secret),
    );
    refused(() => verifyWebhook({}, body, secret));
  });

  it('refuses a signed payload that is not a gateway event', () => {
    const other = JSON.stringify({ hello: 'world' });
    expect(() => verifyWebhook(signed(other), other, secret)).toThrow(/not a gateway event/);
  });
});
