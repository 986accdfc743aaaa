import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.ts';

describe('audit trail CSV', () => {
  it('quotes only fields that need it, doubling quotes, and writes objects as JSON', () => {
    expect(csvField('case.read')).toBe('case.read');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField({ fields: ['SUBJECT_PII'] })).toBe('"{""fields"":[""SUBJECT_PII""]}"');
  });

  it('writes a header and one CRLF-terminated row per record, in column order', () => {
    const rows = [
      { action: 'case.read', actorId: 'dev.ops', details: { via: 'cases' } },
      { action: 'subject.erase', actorId: 'dev.auditor', details: {} },
    ];
    expect(toCsv(['actorId', 'action', 'details'], rows)).toBe(
      'actorId,action,details\r\ndev.ops,case.read,"{""via"":""cases""}"\r\ndev.auditor,subject.erase,{}\r\n',
    );
  });
});
