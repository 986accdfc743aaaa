import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error.ts';
import { planTransition } from './lifecycle.ts';

describe('case lifecycle', () => {
  it('walks the happy path offered → accepted → in progress ⇄ pending → resolved → closed', () => {
    expect(planTransition('ACCEPT', 'OFFERED').to).toBe('ACCEPTED');
    expect(planTransition('RECORD_RESPONSE', 'ACCEPTED').to).toBe('IN_PROGRESS');
    expect(planTransition('SET_PENDING', 'IN_PROGRESS').to).toBe('PENDING_USER');
    expect(planTransition('RESUME', 'PENDING_USER').to).toBe('IN_PROGRESS');
    expect(planTransition('RESOLVE', 'IN_PROGRESS').to).toBe('RESOLVED');
    expect(planTransition('CLOSE', 'RESOLVED').to).toBe('CLOSED');
  });

  it('keeps the status for notes and later responses', () => {
    expect(planTransition('ADD_NOTE', 'PENDING_USER')).toEqual({
      from: 'PENDING_USER',
      to: 'PENDING_USER',
      event: 'NOTE_ADDED',
    });
    expect(planTransition('RECORD_RESPONSE', 'IN_PROGRESS').to).toBe('IN_PROGRESS');
  });

  it('refuses illegal moves with INVALID_TRANSITION naming the current status', () => {
    for (const [action, status] of [
      ['ACCEPT', 'IN_PROGRESS'],
      ['RESOLVE', 'OFFERED'],
      ['RESUME', 'IN_PROGRESS'],
      ['REJECT', 'ACCEPTED'],
      ['ADD_NOTE', 'CLOSED'],
      ['ESCALATE', 'RESOLVED'],
    ] as const) {
      try {
        planTransition(action, status);
        expect.unreachable(`${action} from ${status} must be refused`);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('INVALID_TRANSITION');
        expect((error as DomainError).message).toContain(status);
      }
    }
  });
});
