// Waiting by polling, for specs and benches in any process: Node, the extension host (no vscode import here).

/** Calls `probe` every `intervalMs` until it returns something other than undefined; fails naming `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | PromiseLike<T | undefined>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
