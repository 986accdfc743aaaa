// Vendors: the list, a vendor's capacity, its webhook endpoints with health, the delivery
// log (redeliver) and a case reached from the log.
import { expect, type Page, test } from '@playwright/test';
import { consoleToken, gql } from './api.ts';
import { expectAccessible, screenshot, signIn } from './helpers.ts';
import { startReceiver } from './receiver.ts';

const run = Date.now().toString(36);

type RoutingVendor = {
  id: string;
  name: string;
  kind: string;
  capacity: { scope: string; openCaseCeiling: number; dailyIntakeCap: number }[];
};

async function routingVendors(page: Page, token: string): Promise<RoutingVendor[]> {
  const data = await gql<{ routingVendors: RoutingVendor[] }>(
    page,
    token,
    '{ routingVendors { id name kind capacity { scope openCaseCeiling dailyIntakeCap } } }',
  );
  return data.routingVendors;
}

test('ops look at a vendor: capacity, webhook endpoints, deliveries, and a case', async ({
  page,
}) => {
  await signIn(page, 'ops', '/console/vendors');
  await expect(page.getByRole('heading', { name: 'Vendors' })).toBeVisible();
  const rows = page.getByRole('row');
  await expect(rows.nth(1)).toBeVisible();
  await screenshot(page, 'vendors');
  await expectAccessible(page);

  // The search filter is in the URL and narrows the list.
  const firstName = ((await rows.nth(1).getByRole('link').textContent()) ?? '').trim();
  await page.getByLabel('Find a vendor').fill(firstName.slice(0, 5));
  await expect(page).toHaveURL(/q=/);
  await page.getByRole('link', { name: firstName }).click();

  await expect(page.getByRole('heading', { name: firstName })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Open cases' })).toBeVisible();
  await screenshot(page, 'vendor-capacity');
  await expectAccessible(page);

  await page.getByRole('tab', { name: 'Webhook endpoints' }).click();
  await expect(
    page.getByTestId('webhook-endpoints').or(page.getByText('No webhook endpoints')),
  ).toBeVisible();
  await screenshot(page, 'vendor-webhooks');
  await expectAccessible(page);

  await page.getByRole('tab', { name: 'Delivery log' }).click();
  await expect(page).toHaveURL(/tab=deliveries/);
  const log = page.getByTestId('webhook-deliveries');
  await expect(log.or(page.getByText('No deliveries'))).toBeVisible();
  await screenshot(page, 'vendor-deliveries');
  await expectAccessible(page);
  if (await log.isVisible()) {
    await log
      .getByRole('button', { name: /^Redeliver/ })
      .first()
      .click();
    await expect(page.getByText('Queued again with the same webhook-id.')).toBeVisible();
  }
});

test('ops open a case from the case list', async ({ page }) => {
  await signIn(page, 'ops', '/console/cases?status=IN_PROGRESS');
  await expect(page.getByRole('heading', { name: 'Cases' })).toBeVisible();
  const first = page.getByRole('row').nth(1).getByRole('link');
  await expect(first).toBeVisible();
  await screenshot(page, 'cases');
  await expectAccessible(page);
  await first.click();
  await expect(page.getByRole('heading', { name: /^Case / })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await expect(page.getByRole('paragraph').filter({ hasText: /^Resolution due$/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'SLA clocks, step by step' })).toBeVisible();
  await expect(page.getByTestId('sla-clock-user')).toContainText("User's end-to-end clock");
  await screenshot(page, 'case');
  await expectAccessible(page);
});

test('ops edit a vendor’s capacity: the gateway’s problem on the field, then saved', async ({
  page,
}) => {
  await signIn(page, 'ops', '/console/vendors');
  const token = await consoleToken(page);
  const vendor = (await routingVendors(page, token)).find(
    (v) => v.kind === 'BPO' && v.capacity.length > 0,
  )!;
  expect(vendor, 'a seeded partner with capacity').toBeTruthy();
  const { scope, openCaseCeiling } = vendor.capacity[0]!;
  const raised = openCaseCeiling + 7;
  await page.goto(`/console/vendors/${vendor.id}`);
  await expect(page.getByRole('heading', { name: vendor.name, level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Edit capacity' }).click();
  const editor = page.getByRole('form', { name: 'Capacity editor' });
  await editor.getByRole('textbox', { name: `Open-case ceiling, ${scope}` }).fill(String(raised));
  // A scope the gateway does not know: only the server can tell.
  await editor.getByRole('button', { name: 'Add a scope' }).click();
  const rowNumber = vendor.capacity.length + 1;
  const newScope = editor.getByRole('textbox', { name: `Scope, row ${rowNumber}` });
  await newScope.fill('NO_SUCH_SCOPE');
  await editor.getByRole('textbox', { name: 'Reason' }).fill(`browser test ${run}: more agents`);
  await editor.getByRole('button', { name: 'Save capacity' }).click();
  await expect(newScope).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.getByText('unknown scope NO_SUCH_SCOPE')).toBeVisible();
  await screenshot(page, 'vendor-capacity-invalid');
  await expectAccessible(page);

  // Drop the unknown scope and save: the table shows the new ceiling.
  await editor.getByRole('button', { name: `Remove row ${rowNumber}` }).click();
  await editor.getByRole('button', { name: 'Save capacity' }).click();
  await expect(editor).toBeHidden();
  const table = page.getByTestId('vendor-capacity');
  await expect(table.getByRole('row', { name: new RegExp(`^${scope} `) })).toContainText(
    new Intl.NumberFormat('en-GB').format(raised),
  );
  const saved = (await routingVendors(page, token)).find((v) => v.id === vendor.id)!;
  expect(saved.capacity.find((c) => c.scope === scope)?.openCaseCeiling).toBe(raised);
  await screenshot(page, 'vendor-capacity-saved');
  await expectAccessible(page);

  // Back as seeded, for the other tests.
  await gql(
    page,
    token,
    `mutation ($vendorId: ID!, $capacities: [VendorCapacityInput!]!) {
       setVendorCapacity(vendorId: $vendorId, capacities: $capacities, reason: "browser test: restore") { id } }`,
    { vendorId: vendor.id, capacities: [vendor.capacity[0]] },
  );
});

test('ops register a webhook endpoint, rotate its secret and send a test event', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, 'ops', '/console/vendors');
  const token = await consoleToken(page);
  const vendor = (await routingVendors(page, token)).find((v) => v.kind === 'BPO')!;
  const receiver = await startReceiver(`/webhooks/console-e2e-${run}`);
  await page.goto(`/console/vendors/${vendor.id}?tab=webhooks`);
  await expect(page.getByRole('heading', { name: vendor.name, level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Add an endpoint' }).click();
  const form = page.getByRole('form', { name: 'New endpoint' });
  await form.getByRole('textbox', { name: 'URL' }).fill(receiver.url);
  await form.getByRole('textbox', { name: 'Description' }).fill(`browser test ${run}`);
  await form.getByRole('textbox', { name: 'Event types' }).fill('case.assigned');
  await form.getByRole('button', { name: 'Register endpoint' }).click();

  // The secret is shown once, with a copy button and a warning.
  const secret = page.getByTestId('webhook-secret');
  await expect(secret).toContainText('Endpoint registered: copy its signing secret now');
  const first = (await page.getByTestId('webhook-secret-value').textContent()) ?? '';
  expect(first).toMatch(/^whsec_/);
  await secret.getByRole('button', { name: 'Copy secret' }).click();
  await expect(secret.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);
  await screenshot(page, 'vendor-webhook-created');
  await expectAccessible(page);
  await secret.getByRole('button', { name: 'I have stored it' }).click();
  await expect(secret).toBeHidden();

  const row = page.locator(`tr[data-endpoint-url="${receiver.url}"]`);
  await expect(row).toContainText('current');
  await row.getByRole('button', { name: `Rotate the signing secret of ${receiver.url}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Rotate' }).click();
  await expect(secret).toContainText('New signing secret: copy it now');
  const second = (await page.getByTestId('webhook-secret-value').textContent()) ?? '';
  expect(second).toMatch(/^whsec_/);
  expect(second).not.toBe(first);
  // The old secret keeps signing for the overlap.
  await expect(row).toContainText('one until');
  await screenshot(page, 'vendor-webhook-rotated');
  await expectAccessible(page);
  await secret.getByRole('button', { name: 'I have stored it' }).click();

  await row.getByRole('button', { name: `Send a test event to ${receiver.url}` }).click();
  const result = page.getByTestId('webhook-test-result');
  await expect(result).toContainText('webhook.test sent');
  await expect(page.getByTestId('webhook-test-status')).toHaveText('succeeded');
  await expect(result).toContainText('HTTP 204');
  expect(receiver.received).toContainEqual({
    type: 'webhook.test',
    caseId: undefined,
    signed: true,
  });
  await screenshot(page, 'vendor-webhook-tested');
  await expectAccessible(page);
  receiver.server.close();
});
