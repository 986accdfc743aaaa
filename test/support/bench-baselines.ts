// The raw baselines benches print beside their figures, measured in the same run: how fast
// this Redis and this process move trivial BullMQ jobs, and bare webhook-sized HTTP POSTs.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { createRedis } from '@bvg/queue';
import { Queue, Worker } from 'bullmq';
import { startCpuReading } from './machine-cpu.ts';
import { startWebhookSink } from './webhook-sink.ts';

/** Raw BullMQ: how fast this Redis and this process move trivial jobs. */
export async function bullmqCeiling(
  jobs: number,
  redisUrl: string,
): Promise<{ perSec: number; ms: number; cpuMs: number | null }> {
  const prefix = `bvgbench-raw-${randomBytes(4).toString('hex')}`;
  const connection = createRedis(redisUrl, 'worker');
  const queue = new Queue('raw', { connection, prefix });
  let done = 0;
  let finish!: () => void;
  const all = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const started = performance.now();
  const cpu = startCpuReading();
  const worker = new Worker(
    'raw',
    async () => {
      done += 1;
      if (done === jobs) finish();
    },
    { connection: createRedis(redisUrl, 'worker'), prefix, concurrency: 50 },
  );
  for (let i = 0; i < jobs; i += 1_000) {
    await queue.addBulk(
      Array.from({ length: 1_000 }, (_, k) => ({
        name: 'job',
        data: { i: i + k },
        opts: { removeOnComplete: true },
      })),
    );
  }
  await all;
  const elapsed = performance.now() - started;
  const cpuMs = cpu.perItem(jobs);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return { perSec: (jobs / elapsed) * 1000, ms: elapsed, cpuMs };
}

/**
 * Bare HTTP: webhook-sized POSTs from a keep-alive node:http agent to the same kind of receiver,
 * both in this process (no signing, no queue, no database): the floor of a delivery's HTTP.
 */
export async function bareHttpPosts(
  jobs: number,
): Promise<{ perSec: number; cpuMs: number | null }> {
  const sink = await startWebhookSink();
  const agent = new http.Agent({ keepAlive: true });
  const body = JSON.stringify({
    type: 'case.assigned',
    timestamp: new Date().toISOString(),
    data: { caseId: randomUUID(), vendorId: randomUUID(), version: 1, offerExpiresAt: null },
  });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(`${sink.base}/bare`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'webhook-id': 'msg_bare' },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(body);
    });
  let sent = 0;
  const started = performance.now();
  const cpu = startCpuReading();
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (sent < jobs) {
        sent += 1;
        await post();
      }
    }),
  );
  const elapsed = performance.now() - started;
  const cpuMs = cpu.perItem(jobs);
  agent.destroy();
  await sink.close();
  return { perSec: (jobs / elapsed) * 1000, cpuMs };
}
