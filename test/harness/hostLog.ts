// With the smoke-test driver on, the workbench hands its log, and the extension host's console, to
// a page function `codeAutomationLog(type, args)`. This relays them to our terminal, minus the
// workbench's routine chatter and the harmless offline noise of E2E-NOTES (NL_VERBOSE=1 shows all).
import type { Page } from 'playwright-core';
import { format } from 'node:util';

const workbenchChatter = [
  /^Creation of workbench contribution /,
  /^Creating a socket |^Resolving connection token |^Resolved connection token /,
  /^\[(reconnection-grace-time|Service Worker|AccountPolicyGate|AgentHost[^\]]*)\]/,
  /^Updating additional builtin extensions cache/,
  /ENOTFOUND open-vsx\.org/,
  /Timed out waiting for authentication provider 'github'/,
  /^MCP migration: /,
];

/** The workbench gave up on the extension host: nothing of ours will run. */
const hostStartFailure = /took longer than \d+s to send its ready message|Error received from starting extension host/;

export interface HostLogOptions {
  /** Which entries to print: all of them (the suite's output is among them) or only warnings and errors. */
  levels: 'all' | 'problems';
  onHostStartFailure?: (text: string) => void;
}

export async function relayHostLog(page: Page, options: HostLogOptions): Promise<void> {
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const text = Array.isArray(args) ? format(...args) : String(args);
    if (hostStartFailure.test(text)) options.onHostStartFailure?.(text);
    const problem = type === 'error' || type === 'warn';
    if (!process.env.NL_VERBOSE) {
      if (workbenchChatter.some((re) => re.test(text))) return;
      if (options.levels === 'problems' && !problem) return;
    }
    if (problem) console.error(text);
    else console.log(text);
  });
}
