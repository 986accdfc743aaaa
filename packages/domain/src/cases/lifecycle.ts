// The case lifecycle as data: which action may move a case from which status to
// which. Every transition is checked here; an illegal one is INVALID_TRANSITION, never a no-op.
import { WORKING_STATUSES } from '@bvg/case-status';
import type { CaseEventType, CaseStatus } from '@bvg/db';
import { DomainError } from '../shared/domain-error.ts';

export type CaseAction =
  | 'ACCEPT'
  | 'REJECT'
  | 'RECORD_RESPONSE'
  | 'SET_PENDING'
  | 'RESUME'
  | 'RESOLVE'
  | 'ESCALATE'
  | 'ADD_NOTE'
  | 'REOPEN'
  | 'CLOSE';

interface TransitionRule {
  from: readonly CaseStatus[];
  /** The status after the action; null keeps the current one. */
  to: CaseStatus | null;
  event: CaseEventType;
}

const WORKING: readonly CaseStatus[] = WORKING_STATUSES;

export const TRANSITIONS: Record<CaseAction, TransitionRule> = {
  ACCEPT: { from: ['OFFERED'], to: 'ACCEPTED', event: 'ACCEPTED' },
  REJECT: { from: ['OFFERED'], to: 'REJECTED', event: 'REJECTED' },
  // The first response moves an accepted (or reopened) case into progress; later ones keep it there.
  RECORD_RESPONSE: {
    from: ['ACCEPTED', 'IN_PROGRESS', 'REOPENED'],
    to: 'IN_PROGRESS',
    event: 'RESPONDED',
  },
  SET_PENDING: { from: ['IN_PROGRESS'], to: 'PENDING_USER', event: 'PENDING_USER' },
  RESUME: { from: ['PENDING_USER'], to: 'IN_PROGRESS', event: 'RESUMED' },
  RESOLVE: { from: ['ACCEPTED', 'IN_PROGRESS', 'REOPENED'], to: 'RESOLVED', event: 'RESOLVED' },
  ESCALATE: { from: WORKING, to: 'ESCALATED', event: 'ESCALATED' },
  ADD_NOTE: {
    from: ['OFFERED', ...WORKING, 'RESOLVED', 'ESCALATED'],
    to: null,
    event: 'NOTE_ADDED',
  },
  REOPEN: { from: ['RESOLVED'], to: 'REOPENED', event: 'REOPENED' },
  CLOSE: { from: ['RESOLVED'], to: 'CLOSED', event: 'CLOSED' },
};

export interface PlannedTransition {
  from: CaseStatus;
  to: CaseStatus;
  event: CaseEventType;
}

export function planTransition(action: CaseAction, current: CaseStatus): PlannedTransition {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current)) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `Cannot ${action.toLowerCase().replaceAll('_', ' ')} a case that is ${current}`,
      { status: current, allowedFrom: [...rule.from] },
    );
  }
  return { from: current, to: rule.to ?? current, event: rule.event };
}
