// The one workbench every UI spec shares, set up by runE2E before mocha loads the specs.
import type { Page } from 'playwright-core';
import { Workbench } from './workbench';

export interface E2ESession {
  page: Page;
  workbench: Workbench;
  /** The temporary copy of samples/ the workbench has open. */
  workspaceDir: string;
  /** http://127.0.0.1:PORT of the code-server serving it. */
  origin: string;
}

let current: E2ESession | undefined;

export function setSession(session: E2ESession | undefined): void {
  current = session;
}

export function session(): E2ESession {
  if (!current) throw new Error('no e2e session: UI specs run through `npm run test:e2e` (out/test/harness/runE2E.js)');
  return current;
}

export function workbench(): Workbench {
  return session().workbench;
}
