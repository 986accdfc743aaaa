// Resolvers never choose a data scope: the domain does, from the actor. This keeps every
// resolver module away from the data door and from the domain's scope wrapper.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCHEMA_DIR = join(import.meta.dirname, 'schema');

/** Names that open a scoped transaction or build a scope, wherever they are imported from. */
const SCOPE_HELPERS = [
  'withScope',
  'withScopedSql',
  'sqlTxOf',
  'tenantScope',
  'systemScope',
  'withActorScope',
  'scopeOf',
  'withTenant',
  'withSystem',
  'withTenantSql',
  'withSystemSql',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

interface Import {
  names: string[];
  from: string;
  typeOnly: boolean;
}

/** Static and dynamic imports and re-exports of a module (names as written, aliases dropped). */
function importsOf(source: string): Import[] {
  const found: Import[] = [];
  const statement =
    /(import|export)\s+(type\s+)?(?:\{([^}]*)\}|\*\s+as\s+\w+|\w+)?\s*(?:,\s*\{([^}]*)\})?\s*from\s*'([^']+)'/g;
  for (const m of source.matchAll(statement)) {
    const names = [m[3], m[4]]
      .filter((list): list is string => list !== undefined)
      .flatMap((list) => list.split(','))
      .map((n) => n.trim())
      .filter(Boolean);
    const typeOnly = m[2] !== undefined;
    found.push({
      names: names
        .filter((n) => !typeOnly && !n.startsWith('type '))
        .map((n) => n.split(/\s+as\s+/)[0]!.trim()),
      from: m[5]!,
      typeOnly,
    });
  }
  for (const m of source.matchAll(/import\(\s*'([^']+)'\s*\)/g)) {
    found.push({ names: ['*'], from: m[1]!, typeOnly: false });
  }
  return found;
}

/** What a resolver module may not import: scope helpers by name, or the tenancy module. */
function scopeViolations(source: string): string[] {
  const problems: string[] = [];
  for (const imp of importsOf(source)) {
    if (/tenancy|shared\/actor-scope|@bvg\/db\/src/.test(imp.from)) {
      problems.push(`imports ${imp.from}`);
      continue;
    }
    if (imp.typeOnly) continue;
    for (const name of imp.names) {
      if (name === '*' && imp.from === '@bvg/db') problems.push(`imports ${imp.from} dynamically`);
      if (SCOPE_HELPERS.includes(name)) problems.push(`imports ${name} from ${imp.from}`);
    }
  }
  return problems;
}

describe('the scope door', () => {
  it('recognises the imports it forbids (the scan is not blind)', () => {
    expect(scopeViolations("import { withScope, systemScope } from '@bvg/db';")).toEqual([
      'imports withScope from @bvg/db',
      'imports systemScope from @bvg/db',
    ]);
    expect(
      scopeViolations("import {\n  type Actor,\n  withActorScope as open,\n} from '@bvg/domain';"),
    ).toEqual(['imports withActorScope from @bvg/domain']);
    expect(scopeViolations("import { sqlTxOf } from '../../db/src/tenancy/index.ts';")).toEqual([
      'imports ../../db/src/tenancy/index.ts',
    ]);
    expect(scopeViolations("import type { PrismaClient, TenantTx } from '@bvg/db';")).toEqual([]);
    expect(scopeViolations("import { readScorecard } from '@bvg/domain';")).toEqual([]);
  });

  it('no resolver module imports a scope helper: the domain opens every scope', () => {
    const files = sourceFiles(SCHEMA_DIR);
    expect(files.length).toBeGreaterThan(15);
    const offenders = files.flatMap((file) =>
      scopeViolations(readFileSync(file, 'utf8')).map(
        (problem) => `${relative(SCHEMA_DIR, file)}: ${problem}`,
      ),
    );
    expect(offenders).toEqual([]);
  });
});
