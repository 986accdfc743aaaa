// Live work for the demo's Tier 2 specialists, as of start-up: the seeded quarter is history, so
// without this the team queue of a fresh demo is empty and the workspace has no conversation to
// show. Written through the product's own operations (intake submits and appends the user's
// messages, the specialist claims, replies, notes and waits on the user), so every row, event,
// outbox message and audit record is what the real paths write. Replies go to the platform
// channel, registered here at the demo's stand-in receiver. Runs once: a second start finds the
// cases by their external references and writes nothing.
import type { PrismaClient } from '@bvg/db';
import {
  type Actor,
  appendCaseMessages,
  claimCase,
  createPlatformChannelEndpoint,
  listPlatformChannelEndpoints,
  replyToUser,
  submitCase,
  transitionCase,
} from '@bvg/domain';
import { IN_HOUSE_SLUG } from '../catalog.ts';

/** The source the demo's live cases are submitted under (their intake system, as it were). */
export const DEMO_LIVE_SOURCE = 'demo-live';
/** The development sign-in's specialist: the demo's claimed case is theirs. */
export const DEMO_SPECIALIST: Extract<Actor, { kind: 'INTERNAL' }> = {
  kind: 'INTERNAL',
  id: 'dev.specialist',
  roles: ['specialist'],
  teams: [IN_HOUSE_SLUG],
};
const INTAKE: Actor = { kind: 'INTAKE', id: 'demo-platform' };
const OPS: Actor = { kind: 'INTERNAL', id: 'launcher', roles: ['ops'] };

type Step = { at: number; body: string; attachment?: string };

/** Three minor-safety cases: two waiting in the queue, one the specialist is working. */
const STORIES: {
  ref: string;
  region: string;
  priority: 'P1' | 'P2';
  subject: { displayName: string; email: string; description: string };
  /** Minutes before start-up. */
  createdAgo: number;
  messages: Step[];
  work?: { claimAgo: number; reply: Step; note: Step; waitAgo: number };
}[] = [
  {
    ref: 'live-t2-001',
    region: 'IN',
    priority: 'P1',
    subject: {
      displayName: 'Anjali Mehta',
      email: 'anjali.mehta@example.test',
      description: 'An adult account keeps messaging my 13-year-old son and asked for photos.',
    },
    createdAgo: 22,
    messages: [
      {
        at: 20,
        body: 'He sent another message an hour ago asking my son to move to a different app. I have screenshots.',
        attachment: 'chat-screenshot.png',
      },
      { at: 12, body: 'The account name is @skyrunner_88. Please tell me what to do next.' },
    ],
  },
  {
    ref: 'live-t2-002',
    region: 'SG',
    priority: 'P2',
    subject: {
      displayName: 'Daniel Tan',
      email: 'daniel.tan@example.test',
      description: 'Someone is sharing a photo of my daughter in a public group without consent.',
    },
    createdAgo: 95,
    messages: [
      {
        at: 93,
        body: 'The group is called "class of 2031 memes". The photo was posted yesterday evening.',
      },
    ],
    work: {
      claimAgo: 80,
      reply: {
        at: 75,
        body: 'Thank you for reporting this. We have removed the photo and are reviewing the group. Can you confirm whether you know who posted it?',
      },
      note: {
        at: 74,
        body: 'Photo removed under the minor-privacy policy; group under review by the integrity team.',
      },
      waitAgo: 73,
    },
  },
  {
    ref: 'live-t2-003',
    region: 'MY',
    priority: 'P2',
    subject: {
      displayName: 'Nur Aisyah',
      email: 'nur.aisyah@example.test',
      description: 'My 15-year-old received threatening messages after a livestream.',
    },
    createdAgo: 40,
    messages: [{ at: 38, body: 'The messages stopped this morning but she is still scared.' }],
  },
];

export interface DemoTier2Summary {
  /** Cases written now (0 when a previous start wrote them). */
  casesWritten: number;
  /** The platform channel endpoint registered now, if there was none. */
  platformEndpoint: string | null;
}

/** Writes the demo's live Tier 2 work unless it is there; registers the platform channel. */
export async function ensureDemoTier2Work(
  prisma: PrismaClient,
  options: { receiverBase: string; now?: Date },
): Promise<DemoTier2Summary> {
  const start = (options.now ?? new Date()).getTime();
  const ago = (minutes: number) => () => new Date(start - minutes * 60_000);
  let platformEndpoint: string | null = null;
  if ((await listPlatformChannelEndpoints(prisma, OPS)).length === 0) {
    const url = `${options.receiverBase}/platform-channel`;
    await createPlatformChannelEndpoint(
      prisma,
      OPS,
      { url, description: 'demo: the platform channel stand-in (replies to users)' },
      // The stand-in receiver is on loopback, allowed in development only.
      { requireHttps: false, allowlist: ['127.0.0.1'] },
    );
    platformEndpoint = url;
  }

  let casesWritten = 0;
  for (const story of STORIES) {
    const submitted = await submitCase(
      prisma,
      INTAKE,
      {
        source: DEMO_LIVE_SOURCE,
        externalRef: story.ref,
        region: story.region,
        scope: 'MINOR_SAFETY',
        channel: 'WEBFORM',
        language: 'en',
        priority: story.priority,
        subjectRef: `demo-user-${story.ref}`,
        subject: story.subject,
      },
      { now: ago(story.createdAgo) },
    );
    if (!submitted.created) continue;
    casesWritten += 1;
    const caseId = submitted.caseId;
    const userWrites = (step: Step, i: number) =>
      appendCaseMessages(
        prisma,
        INTAKE,
        {
          caseId,
          messages: [
            {
              source: 'webform',
              messageRef: `${story.ref}-m${i + 1}`,
              channel: 'WEBFORM',
              sentAt: ago(step.at)().toISOString(),
              body: step.body,
              attachments: step.attachment
                ? [
                    {
                      name: step.attachment,
                      contentType: 'image/png',
                      sizeBytes: 184_320,
                      storageKey: `demo/${story.ref}/${step.attachment}`,
                      scanStatus: 'CLEAN',
                    },
                  ]
                : [],
            },
          ],
        },
        { now: ago(step.at) },
      );
    // The user's first message comes before the specialist's work; nothing else writes to
    // these cases meanwhile, so each step's version is the one the previous step answered.
    let version = 0;
    for (const [i, step] of story.messages.entries()) {
      const appended = await userWrites(step, i);
      version = appended.version;
    }
    if (!story.work) continue;
    const w = story.work;
    const claimed = await claimCase(prisma, DEMO_SPECIALIST, { caseId, version }, ago(w.claimAgo));
    const replied = await replyToUser(
      prisma,
      DEMO_SPECIALIST,
      { caseId, version: claimed.version, body: w.reply.body },
      ago(w.reply.at),
    );
    const noted = await transitionCase(
      prisma,
      DEMO_SPECIALIST,
      'ADD_NOTE',
      { caseId, version: replied.version, body: w.note.body, noteVisibility: 'INTERNAL' },
      ago(w.note.at),
    );
    await transitionCase(
      prisma,
      DEMO_SPECIALIST,
      'SET_PENDING',
      { caseId, version: noted.version },
      ago(w.waitAgo),
    );
  }
  return { casesWritten, platformEndpoint };
}
