import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signWebhook } from './sign-webhook.ts';

const body = JSON.stringify({ type: 'case.assigned', data: { caseId: 'case_1' } });

describe('signWebhook', () => {
  it('produces headers the reference Standard Webhooks library accepts', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ secret, id: 'msg_1', timestamp: new Date(), body });

    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs exactly as the reference library does, given seconds or a Date', () => {
    const secret = generateWebhookSecret();
    const at = new Date('2025-03-01T12:00:00.750Z');
    const fromDate = signWebhook({ secret, id: 'msg_2', timestamp: at, body });
    const fromSeconds = signWebhook({ secret, id: 'msg_2', timestamp: 1740830400, body });

    expect(fromDate).toEqual(fromSeconds);
    expect(fromDate['webhook-timestamp']).toBe('1740830400');
    expect(fromDate['webhook-signature']).toBe(new Webhook(secret).sign('msg_2', at, body));
  });

  it('during a rotation, a receiver that knows only one of the secrets verifies', () => {
    const previous = generateWebhookSecret();
    const next = generateWebhookSecret();
    const headers = signWebhook({
      secret: [previous, next],
      id: 'msg_3',
      timestamp: new Date(),
      body,
    });

    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(new Webhook(previous).verify(body, { ...headers })).toBeTruthy();
    expect(new Webhook(next).verify(body, { ...headers })).toBeTruthy();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow();
  });

  it('a receiver rejects a tampered body or id', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ secret, id: 'msg_4', timestamp: new Date(), body });
    const receiver = new Webhook(secret);

    expect(() => receiver.verify(`${body} `, { ...headers })).toThrow();
    expect(() => receiver.verify(body, { ...headers, 'webhook-id': 'msg_5' })).toThrow();
  });

  it('refuses a secret that is not base64, an empty id and an empty secret list', () => {
    const timestamp = new Date();
    expect(() => signWebhook({ secret: 'whsec_not base64!', id: 'm', timestamp, body })).toThrow(
      /base64/,
    );
    expect(() =>
      signWebhook({ secret: generateWebhookSecret(), id: '', timestamp, body }),
    ).toThrow();
    expect(() => signWebhook({ secret: [], id: 'm', timestamp, body })).toThrow();
  });
});

describe('generateWebhookSecret', () => {
  it('returns whsec_ and 32 random bytes in base64, different every time', () => {
    const secret = generateWebhookSecret();

    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
