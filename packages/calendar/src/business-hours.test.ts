import { describe, expect, it } from 'vitest';
import { type BusinessHours, isWithinBusinessHours, localTimeIn } from './business-hours.ts';

const weekdays9to6 = (timeZone: string): BusinessHours => ({
  timeZone,
  days: [1, 2, 3, 4, 5],
  openMinute: 9 * 60,
  closeMinute: 18 * 60,
});

describe('business hours', () => {
  it('reads the wall clock of the vendor’s time zone, including half-hour offsets', () => {
    // 04:00 UTC is 09:30 in Kolkata (UTC+5:30).
    expect(localTimeIn('Asia/Kolkata', new Date('2025-03-04T04:00:00Z'))).toEqual({
      date: '2025-03-04',
      isoWeekday: 2,
      minuteOfDay: 9 * 60 + 30,
    });
  });

  it('is open inside the local shift and closed outside it', () => {
    const hours = weekdays9to6('Asia/Kolkata');
    expect(isWithinBusinessHours(hours, [], new Date('2025-03-04T04:00:00Z'))).toBe(true); // 09:30
    expect(isWithinBusinessHours(hours, [], new Date('2025-03-04T03:00:00Z'))).toBe(false); // 08:30
    expect(isWithinBusinessHours(hours, [], new Date('2025-03-04T12:30:00Z'))).toBe(false); // 18:00
  });

  it('follows daylight saving time', () => {
    const hours = weekdays9to6('America/New_York');
    // 13:30 UTC is 08:30 EST in winter but 09:30 EDT in summer.
    expect(isWithinBusinessHours(hours, [], new Date('2025-01-14T13:30:00Z'))).toBe(false);
    expect(isWithinBusinessHours(hours, [], new Date('2025-07-15T13:30:00Z'))).toBe(true);
  });

  it('is closed at weekends and on local holidays', () => {
    const hours = weekdays9to6('Asia/Kuala_Lumpur');
    expect(isWithinBusinessHours(hours, [], new Date('2025-03-08T03:00:00Z'))).toBe(false); // Sat 11:00
    // Tue 4 March 02:00 UTC is 10:00 local; the holiday is a local date.
    expect(isWithinBusinessHours(hours, ['2025-03-04'], new Date('2025-03-04T02:00:00Z'))).toBe(
      false,
    );
    expect(isWithinBusinessHours(hours, ['2025-03-04'], new Date('2025-03-05T02:00:00Z'))).toBe(
      true,
    );
  });

  it('keeps an overnight shift open past midnight into the next day', () => {
    const night: BusinessHours = {
      timeZone: 'UTC',
      days: [5], // opens Friday 22:00, closes Saturday 06:00
      openMinute: 22 * 60,
      closeMinute: 6 * 60,
    };
    expect(isWithinBusinessHours(night, [], new Date('2025-03-07T23:00:00Z'))).toBe(true);
    expect(isWithinBusinessHours(night, [], new Date('2025-03-08T05:59:00Z'))).toBe(true);
    expect(isWithinBusinessHours(night, [], new Date('2025-03-08T06:00:00Z'))).toBe(false);
    expect(isWithinBusinessHours(night, [], new Date('2025-03-08T23:00:00Z'))).toBe(false);
    // The shift that opened on a holiday Friday does not run into Saturday morning.
    expect(isWithinBusinessHours(night, ['2025-03-07'], new Date('2025-03-08T02:00:00Z'))).toBe(
      false,
    );
  });
});
