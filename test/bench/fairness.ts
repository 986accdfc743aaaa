// `pnpm bench fairness [seconds] [noisy/s] [calm/s]` (BENCH_WINDOW_SEC: the tiers' window, 2 s
// unless set): does one partner hammering the API hurt another? A gateway listens on a local port (real HTTP, keep-alive); two partner clients
// query it open loop (each request at its scheduled time, whatever the answers so far):
//   - "calm" polls its offered cases (`cases(first: 20)`) at a normal rate, far under its limit;
//   - "noisy" lists 100 cases at a time at 10× what its tier allows.
// Phases, in one run on one gateway: calm alone; calm with noisy throttled by its tier (the
// product as configured); calm with noisy let through (ops moves it to a tier that allows all
// it sends: what the limits protect calm from); calm alone again (the machine's drift).
// Latency is measured from each request's scheduled time, so a stalled event loop counts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { operationCost } from '@bvg/gateway';
import { schema } from '@bvg/graphql';
import { createTestStack } from '@bvg/testkit';
import { parse } from 'graphql';

const SECONDS = Number(process.argv[2] ?? 10);
const NOISY_RATE = Number(process.argv[3] ?? 10);
const CALM_RATE = Number(process.argv[4] ?? 5);
const WINDOW_SEC = Number(process.env.BENCH_WINDOW_SEC ?? 2);

const CALM_QUERY =
  '{ cases(first: 20, filter: { status: [OFFERED] }) { edges { node { id version region scope priority firstResponseDueAt } } pageInfo { hasNextPage endCursor } } }';
const NOISY_QUERY =
  '{ cases(first: 100) { edges { node { id version region scope priority status firstResponseDueAt } } } }';
const costOf = (q: string) =>
  Math.ceil(operationCost({ schema, document: parse(q), variables: null }));
const noisyCost = costOf(NOISY_QUERY);
// The noisy partner's tier allows a tenth of what it sends.
const lowPoints = Math.max(5000, Math.round((NOISY_RATE * noisyCost * WINDOW_SEC) / 10));

const stack = await createTestStack({
  LOG_LEVEL: 'error',
  RATE_LIMIT_TIERS: `LOW=${lowPoints}/${WINDOW_SEC},STANDARD=10000000/${WINDOW_SEC},HIGH=100000000/${WINDOW_SEC}`,
});
const server = createServer(stack.gateway.app.yoga);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const calm = await stack.seed.vendor();
const noisy = await stack.seed.vendor();
await stack.owner.apiClient.update({
  where: { clientId: noisy.clientId },
  data: { rateLimitTier: 'LOW' },
});
for (let i = 0; i < 20; i++) await stack.seed.case(calm.id);
for (let i = 0; i < 100; i++) await stack.seed.case(noisy.id);
const calmToken = await stack.vendorToken(calm);
const noisyToken = await stack.vendorToken(noisy);
const opsToken = await stack.internalToken(['ops'], 'bench.fairness');

type Outcome = { ms: number; status: number };

async function send(query: string, token: string, scheduledAt: number): Promise<Outcome> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  await response.arrayBuffer();
  return { ms: performance.now() - scheduledAt, status: response.status };
}

/** Sends at `rate` per second for `seconds`, each request at its scheduled time. */
async function openLoop(query: string, token: string, rate: number, seconds: number) {
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const inFlight: Promise<Outcome>[] = [];
  for (let next = 0; next < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    for (; next < due; next++) inFlight.push(send(query, token, started + (next * 1000) / rate));
    await new Promise((r) => setTimeout(r, 2));
  }
  return Promise.all(inFlight);
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

async function phase(name: string, withNoisy: boolean) {
  const [calmOutcomes, noisyOutcomes] = await Promise.all([
    openLoop(CALM_QUERY, calmToken, CALM_RATE, SECONDS),
    withNoisy ? openLoop(NOISY_QUERY, noisyToken, NOISY_RATE, SECONDS) : Promise.resolve([]),
  ]);
  const calmMs = calmOutcomes.map((o) => o.ms);
  const count = (outcomes: Outcome[], status: number) =>
    outcomes.filter((o) => o.status === status).length;
  return {
    phase: name,
    'calm p50 ms': quantile(calmMs, 0.5).toFixed(1),
    'calm p99 ms': quantile(calmMs, 0.99).toFixed(1),
    'calm not 200': calmOutcomes.length - count(calmOutcomes, 200),
    'noisy sent': noisyOutcomes.length,
    'noisy 200': count(noisyOutcomes, 200),
    'noisy 429': count(noisyOutcomes, 429),
  };
}

async function setNoisyTier(tier: 'LOW' | 'HIGH') {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${opsToken}` },
    body: JSON.stringify({
      query:
        'mutation($c: String!, $t: RateLimitTier!) { setApiClientRateLimitTier(clientId: $c, tier: $t, reason: "fairness bench") { rateLimitTier } }',
      variables: { c: noisy.clientId, t: tier },
    }),
  });
  const body = (await response.json()) as { errors?: unknown };
  if (body.errors) throw new Error(`tier change failed: ${JSON.stringify(body.errors)}`);
}

console.log(
  `\nfairness bench: calm partner ${CALM_RATE}/s of cases(first: 20) (cost ${costOf(CALM_QUERY)}); ` +
    `noisy partner ${NOISY_RATE}/s of cases(first: 100) (cost ${noisyCost}) = 10× its tier ` +
    `(${lowPoints} points per ${WINDOW_SEC} s); ${SECONDS} s per phase, open loop, real HTTP; ` +
    `machine load average ${loadavg()[0]!.toFixed(1)} at start\n`,
);
// Warm-up (both paths compiled and connections open), longer than a window so the noisy
// partner starts the first measured phase with its whole quota.
await Promise.all([
  openLoop(CALM_QUERY, calmToken, CALM_RATE, Math.max(5, WINDOW_SEC + 1)),
  openLoop(NOISY_QUERY, noisyToken, 1, 2),
]);
const rows = [await phase('calm alone', false)];
rows.push(await phase('calm + noisy, noisy limited (LOW tier)', true));
await setNoisyTier('HIGH');
rows.push(await phase('calm + noisy, noisy not limited (HIGH tier)', true));
await setNoisyTier('LOW');
rows.push(await phase('calm alone, again', false));
console.table(rows);

await new Promise((r) => server.close(r));
await stack.close();
process.exit(0);
