// Where global setup leaves what the tests need (base URL) and teardown needs (the launcher's
// process group, the throwaway database).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const OUTPUT_DIR = fileURLToPath(new URL('../e2e-output/', import.meta.url));
export const SCREENSHOT_DIR = `${OUTPUT_DIR}screens/`;
const STATE_FILE = `${OUTPUT_DIR}stack.json`;

export type StackState = {
  baseUrl: string;
  launcherPid: number;
  database: string;
  adminUrl: string;
  /** The development `intake` token the launcher printed (to submit cases as intake does). */
  intakeToken: string | null;
  /** The partner client the launcher printed (its secret shown once), to call the API as a vendor. */
  partner: { clientId: string; clientSecret: string } | null;
};

export function saveStack(state: StackState) {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify(state));
}

export function loadStack(): StackState | null {
  return existsSync(STATE_FILE)
    ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as StackState)
    : null;
}

/** Only a stack this run started is recorded, so teardown stops nothing else. */
export function forgetStack() {
  rmSync(STATE_FILE, { force: true });
}
