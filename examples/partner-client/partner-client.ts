// A partner system on the BPO Vendor Gateway, written with @bvg/partner-sdk: get a token,
// take the offered cases, and receive webhooks. Run it against a gateway:
//
//   GATEWAY_URL=http://localhost:4000 CLIENT_ID=lotus-cx-prod CLIENT_SECRET=bvgs_... \
//     pnpm --filter @bvg/example-partner-client start
//   GATEWAY_URL=... CLIENT_ID=... PRIVATE_KEY_FILE=key.jwk.json pnpm --filter ... start
//
// ACCEPT=1 accepts the offers; WEBHOOK_SECRET=whsec_... (and WEBHOOK_PORT, default 8080) also
// starts a webhook receiver.
import { readFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import {
  ConflictError,
  createPartnerClient,
  type PartnerCase,
  type PartnerClient,
  verifyWebhook,
  type WebhookEvent,
} from '@bvg/partner-sdk';

/** A client authenticated by secret (client_secret_basic) or by private JWK (private_key_jwt). */
export function connect(env: Record<string, string | undefined>): PartnerClient {
  const clientId = env.CLIENT_ID;
  if (!clientId) throw new Error('set CLIENT_ID and CLIENT_SECRET or PRIVATE_KEY_FILE');
  return createPartnerClient({
    gatewayUrl: env.GATEWAY_URL ?? 'http://localhost:4000',
    credentials: env.PRIVATE_KEY_FILE
      ? { clientId, privateKey: JSON.parse(readFileSync(env.PRIVATE_KEY_FILE, 'utf8')) }
      : { clientId, clientSecret: env.CLIENT_SECRET ?? '' },
  });
}

/** Every case offered to us now, across pages (this is also how a partner without webhooks polls). */
export async function offeredCases(sdk: PartnerClient): Promise<PartnerCase[]> {
  const offered: PartnerCase[] = [];
  for await (const page of sdk.casePages({ filter: { status: ['OFFERED'] } })) {
    offered.push(...page.nodes);
  }
  return offered;
}

/**
 * Accepts each case at the version we read. The idempotency key makes a retry after a lost
 * answer safe (and lets the SDK retry a throttled call); CONFLICT means the case changed
 * meanwhile (recalled, or re-offered): skip it, the next poll or webhook tells us more.
 */
export async function acceptAll(sdk: PartnerClient, cases: PartnerCase[]): Promise<PartnerCase[]> {
  const accepted: PartnerCase[] = [];
  for (const c of cases) {
    try {
      const idempotencyKey = `accept:${c.id}:${c.version}`;
      accepted.push(await sdk.acceptCase({ caseId: c.id, version: c.version, idempotencyKey }));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return accepted;
}

/**
 * A webhook receiver: verify the signature over the raw body, answer 2xx at once, then act.
 * Payloads are thin, so the details come from the API. De-duplicate on `event.id` in your
 * store; a redelivery carries the same id.
 */
export function webhookReceiver(
  sdk: PartnerClient,
  secret: string,
  onEvent: (event: WebhookEvent, detail?: PartnerCase) => void | Promise<void>,
): RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let event: WebhookEvent;
      try {
        event = verifyWebhook(req.headers, Buffer.concat(chunks), secret);
      } catch {
        res.writeHead(400).end(); // not from the gateway (WebhookVerificationError)
        return;
      }
      res.writeHead(204).end();
      // A recalled case is no longer yours to read; credit events are not about a case.
      const read =
        event.type === 'case.recalled' || !('caseId' in event.data)
          ? undefined
          : sdk.case(event.data.caseId);
      void Promise.resolve(read).then((detail) => onEvent(event, detail), console.error);
    });
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sdk = connect(process.env);
  const viewer = await sdk.viewer();
  console.log(`signed in as ${viewer.subject} (${viewer.scopes.join(' ')})`);
  const offered = await offeredCases(sdk);
  console.log(
    `${offered.length} offered:`,
    offered.map((c) => `${c.id} ${c.scope}/${c.region}`),
  );
  if (process.env.ACCEPT === '1') console.log('accepted', (await acceptAll(sdk, offered)).length);
  if (process.env.WEBHOOK_SECRET) {
    const port = Number(process.env.WEBHOOK_PORT ?? 8080);
    const receiver = webhookReceiver(sdk, process.env.WEBHOOK_SECRET, (event, detail) =>
      console.log(
        event.type,
        'caseId' in event.data ? event.data.caseId : '',
        detail?.status ?? '',
      ),
    );
    createServer(receiver).listen(port, () => console.log(`webhooks on :${port}`));
  }
}
