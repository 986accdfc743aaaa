// The web console is static files the gateway serves; `pnpm start` builds them when they are
// missing or older than the console's sources, so no extra command is ever needed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src', 'index.html', 'vite.config.ts', 'package.json', 'codegen.ts'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'generated') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when dist/index.html is missing or older than anything it is built from. */
export function consoleBuildIsStale(consoleDir: string, schemaFile: string): boolean {
  const built = join(consoleDir, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(
    ...SOURCES.map((s) => newestMtime(join(consoleDir, s))),
    newestMtime(schemaFile),
  );
  return statSync(built).mtimeMs < sources;
}

export function ensureConsoleBuilt(options: {
  consoleDir: string;
  schemaFile: string;
  log: (line: string) => void;
}): void {
  if (!consoleBuildIsStale(options.consoleDir, options.schemaFile)) return;
  options.log('building the web console (its sources changed since the last build)…');
  for (const script of ['generate', 'build']) {
    const run = spawnSync('pnpm', ['run', '--silent', script], {
      cwd: options.consoleDir,
      stdio: ['ignore', 'ignore', 'inherit'],
      // Always the production bundle (React's production build), even when the stack itself
      // runs with NODE_ENV=development: Vite picks the React build from NODE_ENV.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (run.status !== 0) throw new Error(`the console's ${script} failed (exit ${run.status})`);
  }
}
