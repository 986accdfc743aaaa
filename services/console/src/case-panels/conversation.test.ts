import { describe, expect, it } from 'vitest';
import { messageAuthor, replyBlockedReason } from './conversation.ts';

describe("the case's conversation in words", () => {
  it('names the sender: the user for what came in, the partner or in-house specialist for replies', () => {
    expect(messageAuthor({ direction: 'INBOUND', authorKind: 'INTAKE' })).toBe('The user');
    expect(messageAuthor({ direction: 'OUTBOUND', authorKind: 'VENDOR' })).toBe('Partner agent');
    expect(messageAuthor({ direction: 'OUTBOUND', authorKind: 'INTERNAL' })).toBe(
      'In-house specialist',
    );
  });

  it('opens the reply box only to the claim holder, in a status that takes a response', () => {
    expect(replyBlockedReason({ status: 'IN_PROGRESS', holdsClaim: true })).toBeNull();
    expect(replyBlockedReason({ status: 'ACCEPTED', holdsClaim: true })).toBeNull();
    expect(replyBlockedReason({ status: 'REOPENED', holdsClaim: true })).toBeNull();
    expect(replyBlockedReason({ status: 'IN_PROGRESS', holdsClaim: false })).toMatch(/^Claim/);
    expect(replyBlockedReason({ status: 'PENDING_USER', holdsClaim: true })).toMatch(/resume it/);
    expect(replyBlockedReason({ status: 'RESOLVED', holdsClaim: true })).toMatch(/resolved/);
    expect(replyBlockedReason({ status: 'ESCALATED', holdsClaim: true })).toMatch(/cannot/);
  });
});
