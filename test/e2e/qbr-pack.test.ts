// The quarterly business review pack over HTTP: the bearer token of GraphQL, vendor managers
// only, every problem with the request listed at once, the PDF naming the vendor, and audited.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let vendor: { id: string; slug: string };
let vendorName: string;

beforeAll(async () => {
  stack = await createTestStack();
  await stack.seed.referenceData();
  vendor = await stack.seed.vendor();
  vendorName = (await stack.owner.vendor.findUniqueOrThrow({ where: { id: vendor.id } })).name;
});
afterAll(() => stack?.close());

const pack = (query: string, token?: string) =>
  stack.fetch(`/exports/qbr.pdf?${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe('GET /exports/qbr.pdf', () => {
  it('refuses a request without a token, and anyone but a vendor manager', async () => {
    expect((await pack(`vendorId=${vendor.id}&quarter=2026-Q3`)).status).toBe(401);
    const ops = await stack.internalToken(['ops']);
    const refused = await pack(`vendorId=${vendor.id}&quarter=2026-Q3`, ops);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    const partner = await stack.vendorToken(vendor as never);
    expect((await pack(`vendorId=${vendor.id}&quarter=2026-Q3`, partner)).status).toBe(403);
  });

  it('lists every problem with the request at once', async () => {
    const manager = await stack.internalToken(['vendor_manager']);
    const bad = await pack('quarter=2026-13', manager);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      code: 'VALIDATION',
      message: 'The review pack request is not valid',
      problems: [
        { path: 'vendorId', message: 'is required' },
        { path: 'quarter', message: 'must look like 2026-Q3' },
      ],
    });
  });

  it("gives a vendor manager the vendor's pack for the quarter, and records the export", async () => {
    const manager = await stack.internalToken(['vendor_manager'], 'manager.priya');
    const response = await pack(`vendorId=${vendor.id}&quarter=2026-Q3`, manager);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="qbr-.+-2026-Q3\.pdf"/,
    );
    const file = join(mkdtempSync(join(tmpdir(), 'bvg-qbr-')), 'pack.pdf');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(`${vendorName} — 2026-Q3`);
    expect(text).toContain('Period 2026-07-01 to 2026-10-01');
    const audit = await stack.owner.auditEvent.findFirst({
      where: { action: 'scorecard.export', targetId: vendor.id, actorId: 'manager.priya' },
    });
    expect(audit?.details).toMatchObject({ kind: 'QBR_PACK', quarter: '2026-Q3' });
  });

  it('answers NOT_FOUND for a vendor that does not exist', async () => {
    const manager = await stack.internalToken(['vendor_manager']);
    const missing = await pack(
      'vendorId=00000000-0000-0000-0000-000000000000&quarter=2026-Q3',
      manager,
    );
    expect(missing.status).toBe(404);
  });
});
