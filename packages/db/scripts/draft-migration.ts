// Prints the SQL that creates the whole Prisma schema on an empty database, in the style of
// `prisma migrate diff --from-empty`, which cannot run here (its schema engine is a native
// download). Use it to draft a migration, then read and edit the SQL before committing it.
import { type Dmmf, readDmmf } from '../src/schema-check/expected-schema.ts';

const dmmf: Dmmf = readDmmf();
const q = (s: string) => `"${s}"`;
const out: string[] = [];

const SCALAR: Record<string, string> = {
  String: 'TEXT',
  Int: 'INTEGER',
  BigInt: 'BIGINT',
  Float: 'DOUBLE PRECISION',
  Boolean: 'BOOLEAN',
  DateTime: 'TIMESTAMP(3)',
  Json: 'JSONB',
  Decimal: 'DECIMAL(65,30)',
  Bytes: 'BYTEA',
};
const NATIVE: Record<string, (a: string[]) => string> = {
  Uuid: () => 'UUID',
  Date: () => 'DATE',
  Timestamptz: (a) => `TIMESTAMPTZ(${a[0] ?? 6})`,
  Text: () => 'TEXT',
};

for (const e of dmmf.enums) {
  out.push(
    `-- CreateEnum\nCREATE TYPE ${q(e.name)} AS ENUM (${e.values.map((v) => `'${v.name}'`).join(', ')});\n`,
  );
}

const fk: string[] = [];
const idx: string[] = [];
for (const m of dmmf.models) {
  const lines: string[] = [];
  for (const f of m.fields) {
    if (f.kind === 'object') continue;
    const d = f.default as { name?: string; args?: unknown[] } | string | unknown[] | undefined;
    let type =
      f.kind === 'enum'
        ? q(f.type)
        : f.nativeType
          ? NATIVE[f.nativeType[0]]!(f.nativeType[1])
          : SCALAR[f.type]!;
    if (typeof d === 'object' && d && !Array.isArray(d) && d.name === 'autoincrement')
      type = f.type === 'BigInt' ? 'BIGSERIAL' : 'SERIAL';
    if (f.isList) type += '[]';
    let def = '';
    if (
      d !== undefined &&
      !(typeof d === 'object' && d && !Array.isArray(d) && d.name === 'autoincrement')
    ) {
      if (Array.isArray(d)) def = ` DEFAULT ARRAY[]::${type}`;
      else if (typeof d === 'object' && d && 'name' in d) {
        if (d.name === 'now') def = ' DEFAULT CURRENT_TIMESTAMP';
        else if (d.name === 'dbgenerated') def = ` DEFAULT ${String(d.args?.[0])}`;
      } else if (typeof d === 'string') def = ` DEFAULT '${d.replaceAll("'", "''")}'`;
      else def = ` DEFAULT ${String(d)}`;
    }
    lines.push(`    ${q(f.name)} ${type}${f.isRequired ? ' NOT NULL' : ''}${def}`);
    if (f.relationFromFields) continue;
  }
  const pk = dmmf.indexes.find((i) => i.model === m.name && i.type === 'id')!;
  lines.push(
    `\n    CONSTRAINT ${q(`${m.name}_pkey`)} PRIMARY KEY (${pk.fields.map((x) => q(x.name)).join(', ')})`,
  );
  out.push(`-- CreateTable\nCREATE TABLE ${q(m.name)} (\n${lines.join(',\n')}\n);\n`);
  for (const f of m.fields) {
    if (f.kind !== 'object' || !f.relationFromFields?.length) continue;
    const target = f.type;
    const onDelete = (f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull'))
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toUpperCase();
    fk.push(
      `-- AddForeignKey\nALTER TABLE ${q(m.name)} ADD CONSTRAINT ${q(`${m.name}_${f.relationFromFields.join('_')}_fkey`)} FOREIGN KEY (${f.relationFromFields.map(q).join(', ')}) REFERENCES ${q(target)}(${(f.relationToFields ?? []).map(q).join(', ')}) ON DELETE ${onDelete} ON UPDATE CASCADE;\n`,
    );
  }
}
for (const i of dmmf.indexes) {
  if (i.type === 'id') continue;
  const cols = i.fields.map((x) => x.name);
  const name = `${i.model}_${cols.join('_')}_${i.type === 'unique' ? 'key' : 'idx'}`;
  idx.push(
    `-- CreateIndex\nCREATE ${i.type === 'unique' ? 'UNIQUE ' : ''}INDEX ${q(name)} ON ${q(i.model)}(${cols.map(q).join(', ')});\n`,
  );
}
console.log([...out, ...idx, ...fk].join('\n'));
