import type { DbSchema } from './db-schema.ts';

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Every difference between what the Prisma schema expects and what the database holds, as
 * readable lines. Extra database objects that Prisma cannot express (row-level security
 * helpers, partial indexes) are allowed when listed in `allowExtraIndexes`.
 */
export function compareSchemas(
  expected: DbSchema,
  actual: DbSchema,
  options: { allowExtraIndexes?: string[] } = {},
): string[] {
  const problems: string[] = [];
  const allowed = new Set(options.allowExtraIndexes ?? []);

  for (const [name, values] of Object.entries(expected.enums)) {
    const got = actual.enums[name];
    if (!got) problems.push(`enum ${name} is missing`);
    else if (!same(values, got))
      problems.push(`enum ${name} has values [${got}] but the schema says [${values}]`);
  }
  for (const name of Object.keys(actual.enums)) {
    if (!expected.enums[name]) problems.push(`enum ${name} exists but is not in the schema`);
  }

  for (const [tableName, exp] of Object.entries(expected.tables)) {
    const act = actual.tables[tableName];
    if (!act) {
      problems.push(`table ${tableName} is missing`);
      continue;
    }
    for (const [col, e] of Object.entries(exp.columns)) {
      const a = act.columns[col];
      if (!a) problems.push(`${tableName}.${col} is missing`);
      else {
        if (a.type !== e.type)
          problems.push(`${tableName}.${col} is ${a.type}, schema says ${e.type}`);
        if (a.nullable !== e.nullable)
          problems.push(
            `${tableName}.${col} is ${a.nullable ? 'nullable' : 'NOT NULL'}, schema says ${e.nullable ? 'nullable' : 'NOT NULL'}`,
          );
      }
    }
    for (const col of Object.keys(act.columns)) {
      if (!exp.columns[col]) problems.push(`${tableName}.${col} exists but is not in the schema`);
    }
    if (!act.primaryKey) problems.push(`${tableName} has no primary key`);
    else if (
      exp.primaryKey &&
      (act.primaryKey.name !== exp.primaryKey.name ||
        !same(act.primaryKey.columns, exp.primaryKey.columns))
    )
      problems.push(
        `${tableName} primary key is ${act.primaryKey.name}(${act.primaryKey.columns}), schema says ${exp.primaryKey.name}(${exp.primaryKey.columns})`,
      );
    for (const [idx, e] of Object.entries(exp.indexes)) {
      const a = act.indexes[idx];
      const kind = e.unique ? 'unique index' : 'index';
      if (!a) problems.push(`${kind} ${idx} on ${tableName}(${e.columns}) is missing`);
      else if (a.unique !== e.unique || !same(a.columns, e.columns))
        problems.push(
          `index ${idx} is ${a.unique ? 'unique ' : ''}(${a.columns}), schema says ${kind} (${e.columns})`,
        );
    }
    for (const idx of Object.keys(act.indexes)) {
      if (!exp.indexes[idx] && !allowed.has(idx))
        problems.push(`index ${idx} on ${tableName} exists but is not in the schema`);
    }
    for (const [fk, e] of Object.entries(exp.foreignKeys)) {
      const a = act.foreignKeys[fk];
      if (!a) problems.push(`foreign key ${fk} is missing`);
      else if (
        a.references !== e.references ||
        !same(a.columns, e.columns) ||
        !same(a.referencedColumns, e.referencedColumns)
      )
        problems.push(
          `foreign key ${fk} points at ${a.references}(${a.referencedColumns}), schema says ${e.references}(${e.referencedColumns})`,
        );
    }
    for (const fk of Object.keys(act.foreignKeys)) {
      if (!exp.foreignKeys[fk]) problems.push(`foreign key ${fk} exists but is not in the schema`);
    }
  }
  for (const tableName of Object.keys(actual.tables)) {
    if (!expected.tables[tableName])
      problems.push(`table ${tableName} exists but is not in the schema`);
  }
  return problems;
}
