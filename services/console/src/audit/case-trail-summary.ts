// A case's audit events, as an auditor asks about them: who read it (how often, when last,
// which fields they were shown) and what else was done to it.

export type TrailEvent = {
  id: string;
  occurredAt: string;
  actorKind: string;
  actorId: string;
  action: string;
  outcome: string;
  details: unknown;
};

export type Reader = {
  actorKind: string;
  actorId: string;
  reads: number;
  lastAt: string;
  /** Every field any of the reads was shown (a single case read records them). */
  fields: string[];
};

/** Events newest first in, readers (most recent first) and the other actions out. */
export function summariseCaseTrail(events: readonly TrailEvent[]): {
  readers: Reader[];
  changes: TrailEvent[];
} {
  const readers = new Map<string, Reader>();
  const changes: TrailEvent[] = [];
  for (const e of events) {
    if (e.action !== 'case.read') {
      changes.push(e);
      continue;
    }
    const key = `${e.actorKind}:${e.actorId}`;
    const reader = readers.get(key) ?? {
      actorKind: e.actorKind,
      actorId: e.actorId,
      reads: 0,
      lastAt: e.occurredAt,
      fields: [],
    };
    reader.reads += 1;
    if (e.occurredAt > reader.lastAt) reader.lastAt = e.occurredAt;
    const fields = (e.details as { fields?: unknown } | null)?.fields;
    if (Array.isArray(fields)) {
      for (const f of fields)
        if (typeof f === 'string' && !reader.fields.includes(f)) reader.fields.push(f);
    }
    readers.set(key, reader);
  }
  return {
    readers: [...readers.values()].sort((a, b) => b.lastAt.localeCompare(a.lastAt)),
    changes,
  };
}
