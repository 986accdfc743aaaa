// What intake appends to a case: the user's messages, validated before anything is written.
import { z } from 'zod';
import type { Problem } from '../shared/domain-error.ts';

// PostgreSQL stores no NUL character in text: refused here, with the field named.
const noNul = (v: string) => !v.includes('\u0000');
const text = (max: number) =>
  z.string().trim().min(1).max(max).refine(noNul, 'must not contain a NUL character');

/** The longest message body accepted (characters). */
export const MAX_MESSAGE_BODY = 20_000;
export const MAX_MESSAGES_PER_CALL = 50;

export const attachmentRefSchema = z.object({
  name: text(255),
  contentType: text(100),
  sizeBytes: z.number().int().nonnegative(),
  /** Where the platform's storage keeps the bytes (a key under the storage base URL). */
  storageKey: text(500),
  scanStatus: z.enum(['PENDING', 'CLEAN', 'INFECTED']).default('PENDING'),
});

export const inboundMessageSchema = z.object({
  source: text(64).regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'lower-case letters, digits, dot, dash, underscore',
  ),
  messageRef: text(200),
  channel: z.enum(['IN_APP', 'WEBFORM', 'EMAIL', 'APPEAL', 'INTERNAL_FORM']),
  sentAt: z.coerce.date(),
  body: z
    .string()
    .max(MAX_MESSAGE_BODY, `is longer than ${MAX_MESSAGE_BODY} characters`)
    .refine(noNul, 'must not contain a NUL character'),
  attachments: z.array(attachmentRefSchema).max(20).default([]),
});

export const appendMessagesSchema = z
  .object({
    caseId: z.string().uuid().optional(),
    source: text(64).optional(),
    externalRef: text(200).optional(),
    messages: z.array(inboundMessageSchema).min(1).max(MAX_MESSAGES_PER_CALL),
  })
  .superRefine((v, ctx) => {
    if (!v.caseId && !(v.source && v.externalRef)) {
      ctx.addIssue({
        code: 'custom',
        path: ['caseId'],
        message: 'name the case by caseId or by source and externalRef',
      });
    }
    const refs = new Set<string>();
    v.messages.forEach((m, i) => {
      const key = `${m.source}\u0000${m.messageRef}`;
      if (refs.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['messages', i, 'messageRef'],
          message: 'appears twice',
        });
      }
      refs.add(key);
      if (m.body.trim().length === 0 && m.attachments.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['messages', i, 'body'],
          message: 'is empty and there is no attachment',
        });
      }
    });
  });

export type AppendMessagesInput = z.input<typeof appendMessagesSchema>;
export type AppendMessagesData = z.output<typeof appendMessagesSchema>;
export type AttachmentRef = z.output<typeof attachmentRefSchema> & { id: string };

/** Every problem at once, by field path. */
export const problemsOf = (error: z.ZodError): Problem[] =>
  error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
