// The domain's folders are its contexts, and a folder's `index.ts` is its only door: code in
// one folder reaches another only through `../<folder>/index.ts`. `shared/` is the shared
// kernel (actor, errors, idempotency) and may be imported file by file; it
// imports no other folder. Tests may also import another folder's `*.fixture.ts` directly.
// Folders (tests aside) depend on each other without cycles, so an index never loads half
// initialised (ESM evaluates a cycle's modules before their imports are ready).
// Hand-written: no biome rule expresses "only through index", and TypeScript 7's package
// ships no parser API; biome's formatter keeps every specifier a single-quoted literal.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const THIS_FILE = fileURLToPath(import.meta.url);
const SHARED_KERNEL = 'shared';
const SPECIFIER = /\b(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

/** A source file by its path relative to `src/` (posix separators) and its text. */
type Sources = ReadonlyMap<string, string>;

interface Edge {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

const folderOf = (path: string): string | null => (path.includes('/') ? path.split('/')[0]! : null);
const isTestFile = (path: string): boolean => /\.(test|fixture)\.ts$/.test(path);

/** Every import of one folder's file into another folder. */
function crossFolderImports(sources: Sources): Edge[] {
  const edges: Edge[] = [];
  for (const [file, text] of sources) {
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[1]!;
      const target = posix.normalize(posix.join(posix.dirname(file), specifier));
      const to = folderOf(target);
      const from = folderOf(file) ?? '';
      if (to === null || to === from) continue;
      edges.push({ from, to, file, specifier: target });
    }
  }
  return edges;
}

/** Imports that go around a folder's door, as "file: imports 'target'" lines. */
function doorViolations(sources: Sources): string[] {
  return crossFolderImports(sources)
    .filter(({ from, to, file, specifier }) => {
      if (from === SHARED_KERNEL) return true; // the kernel depends on no context
      if (to === SHARED_KERNEL) return false;
      if (specifier === `${to}/index.ts`) return false;
      return !(isTestFile(file) && specifier.endsWith('.fixture.ts'));
    })
    .map(({ file, specifier, to }) =>
      file.startsWith(`${SHARED_KERNEL}/`)
        ? `${file}: imports '${specifier}' (shared/ imports no other folder)`
        : `${file}: imports '${specifier}' (go through '${to}/index.ts')`,
    );
}

/** Cycles between folders in production code, each as "a -> b -> a (via file, ...)". */
function folderCycles(sources: Sources): string[] {
  const edges = crossFolderImports(sources).filter((e) => e.from !== '' && !isTestFile(e.file));
  const out = new Map<string, Map<string, string>>();
  for (const e of edges) {
    const targets = out.get(e.from) ?? new Map<string, string>();
    if (!targets.has(e.to)) targets.set(e.to, e.file);
    out.set(e.from, targets);
  }
  const cycles: string[] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      const loop = [...path.slice(at), node];
      const via = loop.slice(0, -1).map((f, i) => out.get(f)!.get(loop[i + 1]!)!);
      cycles.push(`${loop.join(' -> ')} (via ${via.join(', ')})`);
      return;
    }
    if (done.has(node)) return;
    for (const next of out.get(node)?.keys() ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of [...out.keys()].sort()) visit(node, []);
  return cycles;
}

function readSources(root: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    if (path === THIS_FILE) continue; // its samples are not imports
    sources.set(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
  }
  return sources;
}

describe('domain boundaries', () => {
  const src = readSources(dirname(THIS_FILE));

  it('names an import that goes around a door, and a cycle between folders', () => {
    const sample = new Map([
      ['cases/read.ts', "import { teams } from '../tier2/specialist.ts';"],
      ['cases/write.ts', "import { x } from '../tier2/index.ts';\nimport '../shared/actor.ts';"],
      ['tier2/claims.ts', "import type { T } from '../cases/index.ts';"],
      ['tier2/claims.test.ts', "import { db } from '../dispatch/db.fixture.ts';"],
      ['shared/actor.ts', "import { y } from '../cases/index.ts';"],
    ]);
    expect(doorViolations(sample)).toEqual([
      "cases/read.ts: imports 'tier2/specialist.ts' (go through 'tier2/index.ts')",
      "shared/actor.ts: imports 'cases/index.ts' (shared/ imports no other folder)",
    ]);
    expect(folderCycles(sample)).toContain(
      'cases -> tier2 -> cases (via cases/read.ts, tier2/claims.ts)',
    );
  });

  it('reads the real folders and their imports', () => {
    const edges = crossFolderImports(src);
    expect(src.size).toBeGreaterThan(100);
    expect(edges).toContainEqual(expect.objectContaining({ from: 'offers', to: 'routing' }));
  });

  it("every import between folders goes through the target's index.ts", () => {
    expect(doorViolations(src)).toEqual([]);
  });

  it('folders depend on each other without cycles', () => {
    expect(folderCycles(src)).toEqual([]);
  });
});
