// Auditors and Tier 2 specialists: an auditor finds who read and changed a case in the audit
// trail and exports it, erases a subject's personal data; a specialist claims a case from the
// team queue, works it (a change made elsewhere meanwhile is a CONFLICT on screen) and
// resolves it; a specialist reads the user's messages, replies through the gateway (the platform's
// channel receives it), waits on the user, keeps internal and shared notes, and reads both SLA
// clocks step by step. The cases are submitted through the API as intake would, so each test knows
// exactly what to look for.
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { consoleToken, gql } from './api.ts';
import { expectAccessible, screenshot, signIn } from './helpers.ts';
import { startReceiver } from './receiver.ts';
import { loadStack } from './stack.ts';

const run = Date.now().toString(36);

function intakeToken(): string {
  const token = process.env.CONSOLE_E2E_INTAKE_TOKEN ?? loadStack()?.intakeToken;
  expect(token, 'an intake token (from the launcher, or CONSOLE_E2E_INTAKE_TOKEN)').toBeTruthy();
  return token as string;
}

async function submitCase(page: Page, fields: Record<string, unknown>) {
  const data = await gql<{ submitCase: { caseId: string; status: string; vendorId: string } }>(
    page,
    intakeToken(),
    `mutation ($input: SubmitCaseInput!) { submitCase(input: $input) { caseId status vendorId } }`,
    {
      input: {
        channel: 'WEBFORM',
        externalRef: `console-e2e-${run}-${Math.random().toString(36).slice(2, 8)}`,
        source: 'console-e2e',
        subjectRef: `user-${run}`,
        region: 'IN',
        scope: 'GENERAL',
        language: 'en',
        priority: 'P2',
        ...fields,
      },
    },
  );
  return data.submitCase;
}

test('an auditor finds who read and changed a case in the audit trail, and exports it', async ({
  page,
}) => {
  await signIn(page, 'auditor', '/console/audit');
  await expect(page.getByRole('heading', { name: 'Audit trail', level: 1 })).toBeVisible();
  await expect(page.getByTestId('audit-events')).toBeVisible();
  const { caseId } = await submitCase(page, {
    subjectRef: `audited-${run}`,
    subject: { email: 'audited@example.test', description: 'Cannot sign in' },
  });

  // The auditor opens the case (a read, audited), with its subject, routing explanation and
  // who read and changed it.
  await page.goto(`/console/cases/${caseId}`);
  await expect(page.getByTestId('subject-email')).toContainText('audited@example.test');
  await expect(page.getByTestId('case-assignments').getByRole('row').nth(1)).toContainText(
    /residency .* passed/,
  );
  const readers = page.getByTestId('case-readers');
  await expect(readers).toContainText('dev.auditor');
  await expect(page.getByTestId('case-changes')).toContainText('case.submit');
  await screenshot(page, 'audit-case');
  await expectAccessible(page);

  // From there to the trail, filtered to the case; then narrowed to one action.
  await page.getByRole('link', { name: 'Search and export them in the audit trail' }).click();
  await expect(page).toHaveURL(new RegExp(`caseId=${caseId}`));
  const table = page.getByTestId('audit-events');
  await expect(table).toContainText('case.submit');
  await expect(table).toContainText('case.read');
  await page.getByRole('textbox', { name: 'Action' }).fill('case.read');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/action=case.read/);
  await expect(table).not.toContainText('case.submit');
  await expect(table.getByRole('row').nth(1)).toContainText('dev.auditor');
  await screenshot(page, 'audit-trail');
  await expectAccessible(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-trail-.*\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0]).toBe(
    'occurredAt,actorKind,actorId,vendorId,action,targetType,targetId,outcome,requestId,details',
  );
  expect(csv.length).toBeGreaterThan(1);
  for (const line of csv.slice(1)) {
    expect(line).toContain(`,case.read,Case,${caseId},OK,`);
  }
  expect(csv.slice(1).some((line) => line.includes(',dev.auditor,'))).toBe(true);
});

test('an auditor reads what a change changed, field by field, with the record as stored behind Show raw', async ({
  browser,
  page,
}) => {
  // Ops lengthens the hours of a calendar of its own (no vendor counts on it), in another tab.
  const ops = await browser.newContext();
  const opsPage = await ops.newPage();
  await signIn(opsPage, 'ops');
  const opsToken = await consoleToken(opsPage);
  const code = `e2e-audit-${run}`;
  await gql(
    opsPage,
    opsToken,
    `mutation ($code: String!, $versions: [BusinessCalendarVersionInput!]!) {
       createBusinessCalendar(code: $code, name: "Audit check", timeZone: "Asia/Manila",
         versions: $versions, reason: "browser test") { code } }`,
    {
      code,
      versions: [
        {
          effectiveFrom: '2026-01-01T00:00:00Z',
          days: [1, 2, 3, 4, 5],
          openMinute: 540,
          closeMinute: 1080,
        },
      ],
    },
  );
  const reason = `browser test ${run}: longer hours`;
  await gql(
    opsPage,
    opsToken,
    `mutation ($code: String!, $version: BusinessCalendarVersionInput!, $reason: String!) {
       addBusinessCalendarVersion(calendarCode: $code, version: $version, reason: $reason) { code } }`,
    {
      code,
      reason,
      version: {
        effectiveFrom: new Date(Date.now() + 86_400_000).toISOString(),
        days: [1, 2, 3, 4, 5, 6],
        openMinute: 540,
        closeMinute: 1200,
      },
    },
  );
  await ops.close();

  await signIn(page, 'auditor', '/console/audit?action=business_calendar.add_version');
  const row = page.getByTestId('audit-events').getByRole('row').filter({ hasText: reason });
  await expect(row).toHaveCount(1);
  // The fields that changed, before → after; the unchanged opening minute is not listed.
  const changed = row.getByRole('listitem');
  await expect(changed.filter({ hasText: 'closeMinute' })).toHaveText(/closeMinute\s*1080\D+1200$/);
  await expect(changed.filter({ hasText: 'days' })).toHaveText(/1, 2, 3, 4, 5\D+1, 2, 3, 4, 5, 6$/);
  await expect(changed.filter({ hasText: 'openMinute' })).toHaveCount(0);
  await expect(row).toContainText(`reason${reason}`);
  // The record exactly as stored, for the auditor who needs it.
  const raw = row.locator('pre');
  await expect(raw).toBeHidden();
  await row.getByText('Show raw').click();
  await expect(raw).toContainText('"closeMinute": 1200');
  await screenshot(page, 'audit-change');
  await expectAccessible(page);
});

test("an auditor erases a subject: confirmed by typing the reference, counts shown, the case's subject erased", async ({
  page,
}) => {
  await signIn(page, 'auditor', '/console/erasure');
  await expect(page.getByRole('heading', { name: 'Erase a subject', level: 1 })).toBeVisible();
  const subjectRef = `erase-me-${run}`;
  const { caseId } = await submitCase(page, {
    subjectRef,
    subject: {
      displayName: 'Priya Raman',
      email: 'priya@example.test',
      phone: '+91 98450 00000',
      description: 'Please delete my data',
    },
  });

  await page.getByRole('textbox', { name: 'Subject reference' }).fill(subjectRef);
  await page.getByRole('textbox', { name: 'Reason' }).fill(`GDPR request ${run}`);
  await page.getByRole('button', { name: 'Erase…' }).click();
  const dialog = page.getByRole('dialog', { name: "Erase this subject's personal data?" });
  const confirm = dialog.getByRole('button', { name: 'Erase personal data' });
  await expect(confirm).toBeDisabled();
  const typed = dialog.getByRole('textbox', { name: 'Type the subject reference to confirm' });
  await typed.fill(`${subjectRef}x`);
  await expect(confirm).toBeDisabled();
  await typed.fill(subjectRef);
  await expect(confirm).toBeEnabled();
  await screenshot(page, 'erasure-confirm');
  await expectAccessible(page);
  await confirm.click();

  const result = page.getByTestId('erasure-result');
  await expect(result).toBeVisible();
  await expect(page.getByTestId('cases-erased')).toHaveText('1');
  await expect(page.getByTestId('notes-erased')).toHaveText('0');
  await expect(result).toContainText('erased:');
  await screenshot(page, 'erasure-result');
  await expectAccessible(page);

  await page.goto(`/console/cases/${caseId}`);
  await expect(page.getByTestId('subject-ref')).toHaveText(/^erased:/);
  for (const part of ['name', 'email', 'phone', 'description']) {
    await expect(page.getByTestId(`subject-${part}`)).toContainText('erased');
  }
  await expect(page.getByText('priya@example.test')).toHaveCount(0);
  await screenshot(page, 'erasure-case');
  await expectAccessible(page);
});

test('a specialist claims a case from the team queue, meets a conflict, and resolves it', async ({
  page,
}) => {
  await signIn(page, 'specialist', '/console/tier2');
  await expect(page.getByRole('heading', { name: 'Team queue', level: 1 })).toBeVisible();
  const token = await consoleToken(page);
  const { caseId, status } = await submitCase(page, {
    scope: 'MINOR_SAFETY',
    priority: 'P1',
    subjectRef: `minor-${run}`,
    subject: { email: 'guardian@example.test', description: 'My child was contacted' },
  });
  expect(status).toBe('OFFERED');

  const row = page.locator(`tr[data-case-id="${caseId}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('unclaimed');
  // The platform's promise to the user, beside the team's own clock (P1: within the hour).
  await expect(row.getByTestId('user-clock')).toContainText(/running|at risk/);
  await screenshot(page, 'tier2-queue');
  await expectAccessible(page);
  await row.getByRole('button', { name: `Claim case ${caseId.slice(0, 8)}` }).click();

  await expect(page).toHaveURL(new RegExp(`/tier2/cases/${caseId}`));
  await expect(page.getByTestId('case-status')).toHaveText('accepted');
  await expect(page.getByTestId('subject-email')).toContainText('guardian@example.test');
  await expect(page.getByTestId('clock-first-response')).toContainText(/running|at risk/);
  await page.getByRole('button', { name: 'Record response' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('in progress');
  await expect(page.getByTestId('clock-first-response')).toContainText('met');
  await screenshot(page, 'tier2-workspace');
  await expectAccessible(page);

  // Someone changes the case behind the screen's back (a note through the API): the next
  // action sends the version on screen and is refused as a conflict.
  const { case: current } = await gql<{ case: { version: number } }>(
    page,
    token,
    'query ($id: ID!) { case(id: $id) { version } }',
    { id: caseId },
  );
  await gql(
    page,
    token,
    'mutation ($input: AddCaseNoteInput!) { addCaseNote(input: $input) { id } }',
    { input: { caseId, version: current.version, body: 'Called the guardian' } },
  );
  await page.getByRole('button', { name: 'Wait on user' }).click();
  const conflict = page.getByTestId('conflict');
  await expect(conflict).toContainText('Someone else changed this case');
  await screenshot(page, 'tier2-conflict');
  await expectAccessible(page);
  await conflict.getByRole('button', { name: 'Reload the case' }).click();
  await expect(conflict).toHaveCount(0);
  await expect(page.getByRole('main')).toContainText(`version ${current.version + 1}`);

  await page.getByRole('button', { name: 'Resolve…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Resolve the case' });
  await dialog.getByRole('textbox', { name: 'Resolution code' }).fill('contact_blocked');
  await dialog.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('resolved');
  await expect(page.getByTestId('clock-resolution')).toContainText('met');

  await page.getByRole('link', { name: 'Team queue' }).first().click();
  await page.getByText('All open').click();
  await expect(page).toHaveURL(/claim=ANY/);
  await expect(page.getByRole('heading', { name: 'Team queue', level: 1 })).toBeVisible();
  await expect(page.getByTestId('team-queue').or(page.getByText('Nothing here'))).toBeVisible();
  await expect(row).toHaveCount(0);
});

async function userWrites(page: Page, caseId: string, messageRef: string, body: string) {
  await gql(
    page,
    intakeToken(),
    `mutation ($input: AppendCaseMessagesInput!) {
      appendCaseMessages(input: $input) { messages { messageRef } }
    }`,
    {
      input: {
        caseId,
        messages: [
          {
            source: 'webform',
            messageRef,
            channel: 'WEBFORM',
            sentAt: new Date().toISOString(),
            body,
            attachments: messageRef.endsWith('-1')
              ? [
                  {
                    name: 'chat-screenshot.png',
                    contentType: 'image/png',
                    sizeBytes: 48_213,
                    storageKey: `e2e/${messageRef}/chat-screenshot.png`,
                    scanStatus: 'CLEAN',
                  },
                ]
              : [],
          },
        ],
      },
    },
  );
}

test("a specialist reads the user's messages, replies, waits on the user, keeps notes, and reads both SLA clocks", async ({
  page,
  browser,
}) => {
  // The platform's channel service: a real receiver, registered by ops as the platform endpoint.
  const channel = await startReceiver(`/platform/channel-${run}`);
  const opsPage = await browser.newPage();
  await signIn(opsPage, 'ops');
  await gql(
    opsPage,
    await consoleToken(opsPage),
    `mutation ($url: String!) {
      createPlatformChannelEndpoint(url: $url, description: "browser test platform channel") {
        endpoint { id }
      }
    }`,
    { url: channel.url },
  );
  await opsPage.close();

  await signIn(page, 'specialist', '/console/tier2');
  const { caseId } = await submitCase(page, {
    scope: 'MINOR_SAFETY',
    priority: 'P1',
    subjectRef: `thread-${run}`,
    subject: { email: 'parent@example.test', description: 'A stranger messages my daughter' },
  });
  const first = `He wrote to her again last night at 23:10. ${run}`;
  await userWrites(page, caseId, `thread-${run}-1`, first);

  // Before claiming: the thread and the clocks are there to read; the reply box is not.
  await page.goto(`/console/tier2/cases/${caseId}`);
  const thread = page.getByTestId('thread');
  await expect(thread.getByTestId('thread-message')).toHaveCount(1);
  await expect(thread.getByTestId('thread-message').first()).toContainText('The user');
  await expect(thread.getByTestId('thread-message').first()).toContainText(first);
  await expect(thread.getByRole('link', { name: 'chat-screenshot.png' })).toHaveAttribute(
    'href',
    /\/attachments\/download\?/,
  );
  await expect(page.getByTestId('reply-blocked')).toContainText('Claim the case');
  const userClock = page.getByTestId('sla-clock-user');
  const teamClock = page.getByTestId('sla-clock-vendor');
  await expect(userClock).toContainText("User's end-to-end clock");
  await expect(userClock).toContainText('platform-24x7');
  await expect(teamClock).toContainText('Vendor clock: Trust & Safety Tier 2');
  await expect(userClock.getByTestId('target-first-response')).toContainText(/running|at risk/);

  await page.getByRole('button', { name: 'Claim' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('accepted');

  // The reply: in the thread as the specialist's, sent to the platform, first response met on
  // both clocks.
  const reply = `We have blocked the account that contacted your daughter. ${run}`;
  await page.getByRole('textbox', { name: 'Reply to the user' }).fill(reply);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Reply sent to the user')).toBeVisible();
  await expect(thread.getByTestId('thread-message')).toHaveCount(2);
  const sent = thread.getByTestId('thread-message').nth(1);
  await expect(sent).toHaveAttribute('data-direction', 'OUTBOUND');
  await expect(sent).toContainText('In-house specialist');
  await expect(sent).toContainText(reply);
  await expect(page.getByRole('textbox', { name: 'Reply to the user' })).toHaveValue('');
  await expect(page.getByTestId('case-status')).toHaveText('in progress');
  await expect(userClock.getByTestId('target-first-response')).toContainText('met');
  await expect(teamClock.getByTestId('target-first-response')).toContainText('met');
  await expect
    .poll(() => channel.received.filter((r) => r.caseId === caseId), { timeout: 90_000 })
    .toContainEqual({ type: 'message.outbound', caseId, signed: true, body: reply });

  // Waiting on the user pauses both clocks; the user's next message resumes the case.
  await page.getByRole('button', { name: 'Wait on user' }).click();
  await expect(page.getByTestId('case-status')).toHaveText('pending user');
  await expect(page.getByTestId('reply-blocked')).toContainText('resume it');
  await expect(userClock).toContainText('Paused: waiting on the user');
  await expect(userClock.getByTestId('target-resolution')).toContainText('paused');
  await userWrites(page, caseId, `thread-${run}-2`, 'Thank you. He has not written since.');
  await page.reload();
  await expect(page.getByTestId('case-status')).toHaveText('in progress');
  await expect(thread.getByTestId('thread-message')).toHaveCount(3);
  await expect(userClock).toContainText('Resumed');
  await expect(userClock).toContainText(/paused (under a minute|[\d h]+ min) in all, given back/);
  await expect(userClock.getByTestId('target-resolution')).toContainText(/running|at risk/);

  // Notes: an internal one (the team's) and a shared one, each listed with what it means.
  const addNote = async (text: string, visibility: 'Internal' | 'Shared') => {
    await page.getByRole('button', { name: 'Add note…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a note' });
    await dialog.getByRole('radio', { name: visibility }).check();
    await dialog.getByRole('textbox', { name: 'Note' }).fill(text);
    await dialog.getByRole('button', { name: 'Add note' }).click();
    await expect(dialog).toHaveCount(0);
  };
  await addNote(`Account reported to the police liaison. ${run}`, 'Internal');
  await addNote(`User confirmed no further contact. ${run}`, 'Shared');
  const notes = page.getByTestId('note');
  await expect(notes).toHaveCount(2);
  await expect(notes.nth(0)).toContainText('Internal');
  await expect(notes.nth(0)).toContainText('police liaison');
  await expect(notes.nth(1)).toContainText('Shared');
  await expect(notes.nth(1)).toContainText('no further contact');
  await screenshot(page, 'tier2-conversation');
  await expectAccessible(page);

  // A long thread: the first 25 messages come with the case, the rest when asked for.
  await gql(
    page,
    intakeToken(),
    `mutation ($input: AppendCaseMessagesInput!) {
      appendCaseMessages(input: $input) { messages { messageRef } }
    }`,
    {
      input: {
        caseId,
        messages: Array.from({ length: 24 }, (_, i) => ({
          source: 'webform',
          messageRef: `thread-${run}-more-${i}`,
          channel: 'WEBFORM',
          sentAt: new Date(Date.now() - (24 - i) * 1000).toISOString(),
          body: `Follow-up ${i + 1} of 24`,
        })),
      },
    },
  );
  await page.reload();
  await expect(thread.getByTestId('thread-message')).toHaveCount(25);
  await page.getByRole('button', { name: 'Show later messages' }).click();
  await expect(thread.getByTestId('thread-message')).toHaveCount(27);
  await expect(thread.getByTestId('thread-message').last()).toContainText('Follow-up 24 of 24');
  await expect(page.getByRole('button', { name: 'Show later messages' })).toHaveCount(0);
  channel.server.close();
});
