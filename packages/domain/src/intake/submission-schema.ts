// What a platform system submits: one case, validated before anything is written.
import { z } from 'zod';
import { SYNTHETIC_CASE_SOURCE } from '../sandbox/index.ts';

// PostgreSQL stores no NUL character in text or jsonb: refused here, with the field named.
const NO_NUL = [(v: string) => !v.includes('\u0000'), 'must not contain a NUL character'] as const;
const plain = (max: number) =>
  z
    .string()
    .max(max)
    .refine(...NO_NUL);
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(...NO_NUL);

export const submitCaseSchema = z.object({
  source: text(64)
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash, underscore')
    // Synthetic cases' (source, externalRef) keys must never answer a real submission.
    .refine(
      (v) => v !== SYNTHETIC_CASE_SOURCE,
      `"${SYNTHETIC_CASE_SOURCE}" is reserved for synthetic cases`,
    ),
  externalRef: text(200),
  region: text(8),
  scope: text(64),
  channel: z.enum(['IN_APP', 'WEBFORM', 'EMAIL', 'APPEAL', 'INTERNAL_FORM']),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as en or pt-BR'),
  priority: z.enum(['P1', 'P2', 'P3', 'P4']).default('P3'),
  subjectRef: text(200),
  subject: z
    .object({
      displayName: plain(200).optional(),
      email: z.email().max(320).optional(),
      phone: z
        .string()
        .regex(/^\+?[0-9 ()-]{4,32}$/, 'a phone number')
        .optional(),
      description: plain(20_000).optional(),
      minorSafetyDetail: z
        .record(z.string(), z.unknown())
        .refine((v) => !JSON.stringify(v).includes('\\u0000'), 'must not contain a NUL character')
        .optional(),
      attachments: z
        .array(
          z.object({
            name: text(255),
            contentType: text(100),
            sizeBytes: z.number().int().nonnegative(),
          }),
        )
        .max(50)
        .optional(),
    })
    .default({}),
});
export type SubmitCaseInput = z.input<typeof submitCaseSchema>;

export interface SubmitCaseResult {
  caseId: string;
  created: boolean;
  status: string;
  vendorId: string | null;
}
