// Starts the stack exactly as `pnpm start` does (the launcher: build the console if stale,
// migrate, seed the demo, gateway + worker), on a free port and a throwaway database, and
// waits until it says it is running.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { forgetStack, OUTPUT_DIR, SCREENSHOT_DIR, saveStack } from './stack.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export default async function globalSetup() {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  forgetStack();
  // A stack already running (e.g. `pnpm start` while writing a test): use it as it is.
  if (process.env.CONSOLE_E2E_BASE_URL) return;
  const adminUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const database = `bvg_console_e2e_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${database}`;

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = createWriteStream(join(OUTPUT_DIR, 'stack.log'));
  const launcher = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(REPO, 'services/launcher'),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `bvg-console-e2e-${port}`,
      DEMO_RECEIVER_PORT: String(await freePort()),
      DEV_IDP_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'bvg-console-e2e-')), 'idp-key.json'),
      LOG_LEVEL: 'warn',
    },
  });
  saveStack({
    baseUrl,
    launcherPid: launcher.pid!,
    database,
    adminUrl,
    intakeToken: null,
    partner: null,
  });
  launcher.stderr.pipe(log);
  const banner = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error('the stack did not start within 5 minutes; see e2e-output/stack.log')),
      300_000,
    );
    launcher.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      output += chunk.toString();
      if (output.includes('BPO Vendor Gateway is running') && output.includes('Try it:')) {
        clearTimeout(timer);
        resolve(output);
      }
    });
    launcher.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`the stack exited (${code}) before it was running; see e2e-output/stack.log`),
      );
    });
  });
  // Keep draining the launcher's output so it never blocks on a full pipe.
  launcher.stdout.on('data', (chunk: Buffer) => log.write(chunk));
  launcher.unref();
  // The banner lists a development token per internal role; the tests submit cases as intake.
  const intakeToken = /^\s+intake\s+(\S+)$/m.exec(banner)?.[1] ?? null;
  // And the (non-sandbox) partner client, so a test can act as a vendor.
  const client = /Partner client \S+ \(\S+\);[^\n]*\n\s+curl -s \S+ -u '([^':]+):([^']+)'/.exec(
    banner,
  );
  const partner = client ? { clientId: client[1] ?? '', clientSecret: client[2] ?? '' } : null;
  saveStack({ baseUrl, launcherPid: launcher.pid!, database, adminUrl, intakeToken, partner });
  process.env.CONSOLE_E2E_BASE_URL = baseUrl;
}
