// A stand-in for the partners' webhook receivers (and the platform's channel service, which
// receives replies to users), so the demo shows the whole flow: the seeded endpoints point
// here; each delivery is verified with the endpoint's secrets (the Standard Webhooks reference
// library, as a partner would) and printed in one line.
import { createServer, type Server } from 'node:http';
import { type PrismaClient, systemScope, withScope } from '@bvg/db';
import { PLATFORM_CHANNEL_SLUG } from '@bvg/domain';
import { Webhook } from 'standardwebhooks';

export async function startDemoReceiver(
  prisma: PrismaClient,
  port: number,
): Promise<Server | null> {
  const secretsFor = async (url: string) =>
    withScope(prisma, systemScope('demo receiver: endpoint secrets'), (tx) =>
      tx.webhookSecret.findMany({
        where: { endpoint: { url }, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
        include: { endpoint: { select: { vendor: { select: { slug: true } } } } },
      }),
    );
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const secrets = await secretsFor(`http://127.0.0.1:${port}${req.url}`).catch(() => []);
      const headers = Object.fromEntries(
        ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [
          h,
          String(req.headers[h] ?? ''),
        ]),
      );
      const verified = secrets.find((s) => {
        try {
          new Webhook(s.secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      if (!verified) {
        res.writeHead(401).end();
        console.log(`[partner ?] refused ${req.url}: signature did not verify`);
        return;
      }
      const payload = JSON.parse(body) as {
        type: string;
        data: { caseId?: string; version?: number };
      };
      // A test event (sendTestWebhook) names no case; a reply to a user (message.outbound) no version.
      const subject =
        payload.data.caseId === undefined
          ? ''
          : ` case ${payload.data.caseId}${payload.data.version === undefined ? '' : ` v${payload.data.version}`}`;
      const slug = verified.endpoint.vendor.slug;
      const who = slug === PLATFORM_CHANNEL_SLUG ? 'platform channel' : `partner ${slug}`;
      console.log(
        `[${who}] ${payload.type}${subject} (${headers['webhook-id']}, signature verified)`,
      );
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => {
    // Another program on the port: the demo goes on without the stand-in.
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
