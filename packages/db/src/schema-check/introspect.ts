import type pg from 'pg';
import type { DbSchema, DbTable } from './db-schema.ts';

/** Reads tables, columns, keys, indexes and enums of one PostgreSQL schema from the catalog. */
export async function introspect(client: pg.ClientBase, schema = 'public'): Promise<DbSchema> {
  const tables: Record<string, DbTable> = {};
  const table = (name: string) => {
    tables[name] ??= { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} };
    return tables[name];
  };

  const columns = await client.query<{
    table: string;
    column: string;
    type: string;
    notnull: boolean;
  }>(
    `select c.relname as table, a.attname as column,
            format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        and c.relname <> '_prisma_migrations'
      order by c.relname, a.attnum`,
    [schema],
  );
  for (const row of columns.rows) {
    table(row.table).columns[row.column] = { type: row.type, nullable: !row.notnull };
  }

  const indexes = await client.query<{
    table: string;
    name: string;
    unique: boolean;
    primary: boolean;
    columns: string[];
  }>(
    `select t.relname as table, i.relname as name, ix.indisunique as unique,
            ix.indisprimary as primary,
            array(select a.attname from unnest(ix.indkey) with ordinality k(attnum, ord)
                    join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
                   order by k.ord)::text[] as columns
       from pg_index ix
       join pg_class i on i.oid = ix.indexrelid
       join pg_class t on t.oid = ix.indrelid
       join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = $1 and t.relname <> '_prisma_migrations'`,
    [schema],
  );
  for (const row of indexes.rows) {
    const t = table(row.table);
    if (row.primary) t.primaryKey = { name: row.name, columns: row.columns };
    else t.indexes[row.name] = { columns: row.columns, unique: row.unique };
  }

  const fks = await client.query<{
    table: string;
    name: string;
    references: string;
    columns: string[];
    referenced: string[];
  }>(
    `select t.relname as table, con.conname as name, r.relname as references,
            array(select a.attname from unnest(con.conkey) with ordinality k(attnum, ord)
                    join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.ord)::text[] as columns,
            array(select a.attname from unnest(con.confkey) with ordinality k(attnum, ord)
                    join pg_attribute a on a.attrelid = r.oid and a.attnum = k.attnum order by k.ord)::text[] as referenced
       from pg_constraint con
       join pg_class t on t.oid = con.conrelid
       join pg_class r on r.oid = con.confrelid
       join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = $1 and con.contype = 'f'`,
    [schema],
  );
  for (const row of fks.rows) {
    table(row.table).foreignKeys[row.name] = {
      columns: row.columns,
      references: row.references,
      referencedColumns: row.referenced,
    };
  }

  const enumRows = await client.query<{ name: string; values: string[] }>(
    `select t.typname as name, array_agg(e.enumlabel order by e.enumsortorder)::text[] as values
       from pg_type t join pg_enum e on e.enumtypid = t.oid
       join pg_namespace n on n.oid = t.typnamespace
      where n.nspname = $1 group by t.typname`,
    [schema],
  );
  const enums = Object.fromEntries(enumRows.rows.map((r) => [r.name, r.values]));
  return { tables, enums };
}
