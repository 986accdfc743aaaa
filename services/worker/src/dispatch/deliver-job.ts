import { defineJob, QueueName } from '@bvg/queue';
import { z } from 'zod';

/**
 * One attempt of one delivery. The queue package's `webhookDispatchJob` names an outbox row; an
 * attempt belongs to a delivery (one per endpoint), so it has its own definition on the same queue.
 */
export const deliverWebhookAttemptJob = defineJob({
  queue: QueueName.WebhookDispatch,
  name: 'deliver-attempt',
  // Ids only: no secrets, no payload, no PII in job data.
  payload: z.object({
    deliveryId: z.string().uuid(),
    vendorId: z.string().uuid(),
    /** The delivery's attempt number this job makes; its job id is `${deliveryId}_${attempt}`. */
    attempt: z.number().int().positive(),
    /** Position in the retry schedule (1 = first try); absent for jobs re-queued by the sweep. */
    step: z.number().int().positive().optional(),
    /** A redelivery asked for by the vendor or ops: exhausting it does not re-route the case. */
    redelivery: z.boolean().optional(),
  }),
  defaultOptions: { attempts: 1, removeOnComplete: 1000, removeOnFail: 5000 },
});
export type DeliverWebhookAttempt = z.infer<typeof deliverWebhookAttemptJob.payload>;
