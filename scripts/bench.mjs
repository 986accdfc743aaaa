// `pnpm bench <name> [args…]` runs test/bench/<name>.ts (routing, dispatch, scorecards,
// transactions, fairness).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const [name, ...args] = process.argv.slice(2);
const available = readdirSync(new URL('../test/bench/', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !f.includes('.'.repeat(2)))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !existsSync(new URL(`../test/bench/${name}.ts`, import.meta.url))) {
  console.error(`usage: pnpm bench <${available.join('|')}> [args]`);
  process.exit(2);
}
const result = spawnSync(
  'pnpm',
  ['--filter', '@bvg/e2e', 'exec', 'tsx', `bench/${name}.ts`, ...args],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
