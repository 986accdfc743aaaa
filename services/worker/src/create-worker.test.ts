import { randomBytes } from 'node:crypto';
import { createRedis, QueueName } from '@bvg/queue';
import { Queue, QueueEvents } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createWorkers } from './create-worker.ts';
import { loadWorkerEnv } from './env.ts';

describe('worker process', () => {
  it('runs registered handlers and finishes the running job before closing', async () => {
    const prefix = `bvgtest-${randomBytes(4).toString('hex')}`;
    const config = loadWorkerEnv({ QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started!: () => void;
    const jobStarted = new Promise<void>((r) => {
      started = r;
    });
    const worker = createWorkers(config, {
      [QueueName.CaseOperations]: async (job) => {
        started();
        await gate;
        return { echoed: job.data.n };
      },
    });
    const connection = createRedis(config.REDIS_URL, 'worker');
    const queue = new Queue(QueueName.CaseOperations, { connection, prefix });
    const events = new QueueEvents(QueueName.CaseOperations, {
      connection: createRedis(config.REDIS_URL, 'worker'),
      prefix,
    });
    await events.waitUntilReady();
    const job = await queue.add('t', { n: 7 });
    await jobStarted;
    const closing = worker.close();
    release();
    await closing;
    const done = await queue.getJob(job.id!);
    expect(await done?.getState()).toBe('completed');
    expect(done?.returnvalue).toEqual({ echoed: 7 });
    await queue.obliterate({ force: true });
    await queue.close();
    await events.close();
    connection.disconnect();
  });
});
