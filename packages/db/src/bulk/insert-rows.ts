import type { Prisma } from '../generated/prisma/client.ts';

/**
 * Inserts rows as one JSON parameter per batch, expanded by PostgreSQL itself
 * (`json_populate_recordset` over the table's row type). Prisma's `createMany` spent most of
 * a minute serialising the ~60,000 case events; this takes a second or two.
 * Table and column names come from our own row objects, never from input.
 */
export async function insertRows(
  db: Prisma.TransactionClient,
  table: string,
  rows: readonly object[],
  batchSize = 10_000,
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = new Set<string>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) if (value !== undefined) columns.add(key);
  }
  const list = [...columns].map((c) => `"${c}"`).join(', ');
  const sql = `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`;
  let written = 0;
  for (let i = 0; i < rows.length; i += batchSize) {
    const json = JSON.stringify(rows.slice(i, i + batchSize), (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    written += await db.$executeRawUnsafe(sql, json);
  }
  return written;
}
