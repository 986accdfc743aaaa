import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatChange,
  formatCount,
  formatDate,
  formatDateTime,
  formatNumber,
  formatRelative,
  formatShare,
} from './format.ts';

describe('formatting', () => {
  it('formats numbers, shares and changes in the given locale', () => {
    expect(formatNumber(1234567, 'en-US')).toBe('1,234,567');
    expect(formatNumber(1234567, 'de-DE')).toBe('1.234.567');
    expect(formatShare(17, 40, 'en-US')).toBe('42.5%');
    expect(formatShare(3, 0, 'en-US')).toBe('—');
    expect(formatChange(12, 'en-US')).toBe('+12');
    expect(formatChange(-3, 'en-US')).toBe('-3');
    expect(formatChange(0, 'en-US')).toBe('0');
  });

  it('shows an instant in the time zone asked for, with the zone named', () => {
    const iso = '2026-12-04T06:30:00.000Z';
    expect(formatDateTime(iso, { timeZone: 'UTC', locale: 'en-GB' })).toBe('4 Dec 2026, 06:30 UTC');
    expect(formatDateTime(iso, { timeZone: 'Asia/Kolkata', locale: 'en-GB' })).toBe(
      '4 Dec 2026, 12:00 GMT+5:30',
    );
    expect(formatDateTime(iso, { timeZone: 'America/New_York', locale: 'en-US' })).toBe(
      'Dec 4, 2026, 1:30 AM EST',
    );
    expect(formatDateTime(iso, { timeZone: 'Asia/Kolkata', locale: 'en-IN' })).toMatch(/ IST$/);
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('shows the calendar date of an instant in a zone, without a time', () => {
    // A contract term starting at UTC midnight is that day in UTC, whatever the viewer's zone.
    const start = '2026-07-01T00:00:00.000Z';
    expect(formatDate(start, { timeZone: 'UTC', locale: 'en-GB' })).toBe('1 Jul 2026');
    expect(formatDate(start, { timeZone: 'America/New_York', locale: 'en-GB' })).toBe(
      '30 Jun 2026',
    );
    expect(formatDate(undefined)).toBe('—');
  });

  it('says how far away a due time is', () => {
    const now = new Date('2026-12-04T06:00:00Z');
    expect(formatRelative('2026-12-04T09:00:00Z', now, 'en')).toBe('in 3 hours');
    expect(formatRelative('2026-12-04T05:55:00Z', now, 'en')).toBe('5 minutes ago');
    expect(formatRelative('2026-12-06T06:00:00Z', now, 'en')).toBe('in 2 days');
  });

  it('counts with the noun in the right number', () => {
    expect(formatCount(1, 'case', 'cases', 'en-US')).toBe('1 case');
    expect(formatCount(0, 'case', 'cases', 'en-US')).toBe('0 cases');
    expect(formatCount(1204, 'case', 'cases', 'en-US')).toBe('1,204 cases');
  });

  it("gives a file's size in kilobytes, or megabytes from a megabyte on", () => {
    expect(formatBytes(48_213, 'en')).toBe('47.1 kB');
    expect(formatBytes(12, 'en')).toBe('0.1 kB');
    expect(formatBytes(1_572_864, 'en')).toBe('1.5 MB');
  });
});
