// The case's conversation in words: who wrote each message, what a note's visibility means, and
// whether the person on the screen may reply now (and if not, what to do first).
import type { CaseStatus } from '../generated/graphql.ts';

export type MessageAuthor = { direction: 'INBOUND' | 'OUTBOUND'; authorKind: string };

/** "The user", "Partner agent", "In-house specialist": the sender as the reader thinks of them. */
export function messageAuthor(m: MessageAuthor): string {
  if (m.direction === 'INBOUND') return 'The user';
  if (m.authorKind === 'VENDOR') return 'Partner agent';
  if (m.authorKind === 'INTERNAL') return 'In-house specialist';
  return m.authorKind.toLowerCase();
}

export const NOTE_VISIBILITY = {
  INTERNAL: {
    label: 'Internal',
    help: 'Your team and in-house staff only; never shown to a partner.',
  },
  SHARED: {
    label: 'Shared',
    help: 'Whoever holds the case reads it, a Tier 1 partner included.',
  },
} as const;

export type NoteVisibility = keyof typeof NOTE_VISIBILITY;

/** The statuses a reply (a recorded response) is accepted in: as the gateway's lifecycle says. */
export const REPLYABLE: readonly CaseStatus[] = ['ACCEPTED', 'IN_PROGRESS', 'REOPENED'];

/** Why the reply box is closed right now, or null when the person may reply. */
export function replyBlockedReason(input: {
  status: CaseStatus;
  holdsClaim: boolean;
}): string | null {
  if (!input.holdsClaim) return 'Claim the case to reply to the user.';
  if (input.status === 'PENDING_USER') {
    return 'The case waits on the user: resume it to reply (a message from the user resumes it too).';
  }
  if (input.status === 'RESOLVED' || input.status === 'CLOSED') {
    return 'The case is resolved. A message from the user within the reopen window reopens it.';
  }
  if (!REPLYABLE.includes(input.status)) return 'The case cannot take a reply in its status.';
  return null;
}
