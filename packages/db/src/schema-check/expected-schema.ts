// What the Prisma schema says the database must contain, read through Prisma's own schema
// parser (the WebAssembly build of its DMMF), so we never re-implement the .prisma grammar.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wasm from '@prisma/prisma-schema-wasm';
import type { DbSchema, DbTable } from './db-schema.ts';

export const SCHEMA_PATH = fileURLToPath(
  new URL('../../../../schema/prisma/schema.prisma', import.meta.url),
);

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  fields: { name: string }[];
}
export interface Dmmf {
  enums: { name: string; values: { name: string }[] }[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
}

export function readDmmf(schemaText = readFileSync(SCHEMA_PATH, 'utf8')): Dmmf {
  const raw = wasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schemaText]] }));
  return (JSON.parse(raw) as { datamodel: Dmmf }).datamodel;
}

const SCALAR_SQL: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Decimal: 'numeric(65,30)',
  Bytes: 'bytea',
};

function nativeSql([name, args]: [string, string[]]): string {
  switch (name) {
    case 'Uuid':
      return 'uuid';
    case 'Date':
      return 'date';
    case 'Timestamptz':
      return `timestamp(${args[0] ?? 6}) with time zone`;
    case 'Timestamp':
      return `timestamp(${args[0] ?? 6}) without time zone`;
    case 'VarChar':
      return args[0] ? `character varying(${args[0]})` : 'character varying';
    case 'Text':
      return 'text';
    default:
      throw new Error(`native type @db.${name} is not mapped in expected-schema.ts`);
  }
}

/** The column type as PostgreSQL's format_type() prints it. */
function columnType(field: DmmfField): string {
  const base =
    field.kind === 'enum'
      ? `"${field.type}"`
      : field.nativeType
        ? nativeSql(field.nativeType)
        : (SCALAR_SQL[field.type] ??
          (() => {
            throw new Error(`scalar ${field.type} is not mapped`);
          })());
  return field.isList ? `${base}[]` : base;
}

const columnsOf = (model: DmmfModel, names: string[]) =>
  names.map((n) => model.fields.find((f) => f.name === n)?.dbName ?? n);

/** Prisma's default constraint names: Model_a_b_key / _idx / _pkey / _fkey. */
const defaultName = (table: string, cols: string[], suffix: string) =>
  `${table}_${cols.join('_')}_${suffix}`;

export function expectedSchema(dmmf: Dmmf = readDmmf()): DbSchema {
  const tables: Record<string, DbTable> = {};
  for (const model of dmmf.models) {
    const table = model.dbName ?? model.name;
    const t: DbTable = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} };
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (field.relationFromFields?.length) {
          const cols = columnsOf(model, field.relationFromFields);
          const target = dmmf.models.find((m) => m.name === field.type)!;
          t.foreignKeys[defaultName(table, cols, 'fkey')] = {
            columns: cols,
            references: target.dbName ?? target.name,
            referencedColumns: columnsOf(target, field.relationToFields ?? []),
          };
        }
        continue;
      }
      t.columns[field.dbName ?? field.name] = {
        type: columnType(field),
        nullable: !field.isRequired,
      };
    }
    tables[table] = t;
  }
  for (const index of dmmf.indexes) {
    const model = dmmf.models.find((m) => m.name === index.model)!;
    const table = model.dbName ?? model.name;
    const cols = columnsOf(
      model,
      index.fields.map((f) => f.name),
    );
    const t = tables[table]!;
    if (index.type === 'id') {
      t.primaryKey = { name: index.dbName ?? `${table}_pkey`, columns: cols };
    } else {
      const name =
        index.dbName ?? defaultName(table, cols, index.type === 'unique' ? 'key' : 'idx');
      t.indexes[name] = { columns: cols, unique: index.type === 'unique' };
    }
  }
  const enums = Object.fromEntries(dmmf.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
  return { tables, enums };
}
