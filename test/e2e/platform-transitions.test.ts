import { closeQuietResolvedCases } from '@bvg/domain';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let intake: string;
beforeAll(async () => {
  stack = await createTestStack();
  intake = await stack.internalToken(['intake'], 'in-app-feedback');
});
afterAll(async () => stack?.close());

const REOPEN =
  'mutation($ref: String!) { reopenCase(source: "test", externalRef: $ref, reason: "user replied") { status version } }';

describe('platform transitions', () => {
  it('reopens a resolved case with its vendor, tells the vendor, and the vendor works it again', async () => {
    const vendor = await stack.seed.vendor();
    const c = await stack.seed.case(vendor.id, {
      status: 'RESOLVED',
      resolvedAt: new Date(),
      version: 5,
    });
    const { externalRef } = await stack.owner.case.findUniqueOrThrow({ where: { id: c.id } });
    const res = await stack.graphql<{ reopenCase: { status: string; version: number } }>(
      REOPEN,
      { ref: externalRef },
      intake,
    );
    expect(res.data?.reopenCase).toEqual({ status: 'REOPENED', version: 6 });
    const updated = await stack.owner.outboxMessage.findFirstOrThrow({
      where: { caseId: c.id, topic: 'webhook.case.updated' },
    });
    expect(updated.payload).toMatchObject({
      data: { status: 'REOPENED', version: 6, vendorId: vendor.id },
    });
    expect((await stack.owner.caseEvent.findFirstOrThrow({ where: { caseId: c.id } })).type).toBe(
      'REOPENED',
    );

    const token = await stack.vendorToken(vendor);
    const respond = await stack.graphql<{ recordResponse: { status: string } }>(
      'mutation($i: RecordResponseInput!) { recordResponse(input: $i) { status } }',
      { i: { caseId: c.id, version: 6 } },
      token,
    );
    expect(respond.data?.recordResponse.status).toBe('IN_PROGRESS');
  });

  it('refuses to reopen a case that is not resolved, and is for intake systems only', async () => {
    const vendor = await stack.seed.vendor();
    const c = await stack.seed.case(vendor.id);
    const { externalRef } = await stack.owner.case.findUniqueOrThrow({ where: { id: c.id } });
    const res = await stack.graphql(REOPEN, { ref: externalRef }, intake);
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    const asVendor = await stack.graphql(
      REOPEN,
      { ref: externalRef },
      await stack.vendorToken(vendor),
    );
    expect(asVendor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('closes cases resolved longer than the quiet period ago, and only those', async () => {
    const vendor = await stack.seed.vendor();
    const old = await stack.seed.case(vendor.id, {
      status: 'RESOLVED',
      resolvedAt: new Date(Date.now() - 8 * 86_400_000),
    });
    const recent = await stack.seed.case(vendor.id, { status: 'RESOLVED', resolvedAt: new Date() });
    const closed = await closeQuietResolvedCases(stack.owner, {
      now: new Date(),
      quietMs: 7 * 86_400_000,
    });
    expect(closed).toBeGreaterThanOrEqual(1);
    expect((await stack.owner.case.findUniqueOrThrow({ where: { id: old.id } })).status).toBe(
      'CLOSED',
    );
    expect((await stack.owner.case.findUniqueOrThrow({ where: { id: recent.id } })).status).toBe(
      'RESOLVED',
    );
  });
});
