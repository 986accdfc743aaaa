import pg from 'pg';
import { forgetStack, loadStack } from './stack.ts';

export default async function globalTeardown() {
  const stack = loadStack();
  // Recorded only when global setup started the stack itself.
  if (!stack) return;
  // The launcher stops the gateway and worker it started on SIGTERM.
  try {
    process.kill(stack.launcherPid, 'SIGTERM');
  } catch {}
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(stack.launcherPid, 0);
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(-stack.launcherPid, 'SIGKILL');
  } catch {}
  const admin = new pg.Client({ connectionString: stack.adminUrl });
  await admin.connect();
  try {
    // FORCE waits only 5 s for the terminated sessions to go; on a loaded machine the killed
    // services' sessions can take longer, so ask again rather than leave the database behind.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${stack.database} WITH (FORCE)`);
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
      }
    }
  } finally {
    await admin.end();
  }
  forgetStack();
}
