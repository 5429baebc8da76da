import type { BlockPayload } from '../../src/preview/protocol';

const BLOCK_CLASS = 'nl-block';

export interface PatchResult {
  /** Block elements created by this patch. */
  created: HTMLElement[];
  /** Block elements taken off the page (their drawn diagrams can stand in for the new ones). */
  removed: HTMLElement[];
  /** A block the host said we hold was not found: the page must be rebuilt from a full update. */
  outOfSync: boolean;
}

/**
 * Brings `root`'s children in line with `blocks`, one <div class="nl-block"> per top-level block.
 * Blocks sent without HTML are the ones we already hold: they stay in the DOM untouched (with their
 * drawn diagrams and zoom), only moved if needed, their data-line attributes shifted by the number of
 * lines inserted or deleted above them.
 */
export function patchBlocks(
  root: HTMLElement,
  blocks: BlockPayload[],
  full: boolean,
  sanitize: (html: string) => string,
  beforeRemove: (el: HTMLElement) => void = () => undefined,
): PatchResult {
  const existing = Array.from(root.children) as HTMLElement[];
  if (full) {
    const created = parseAll(blocks, sanitize);
    if (created) {
      for (const el of existing) beforeRemove(el);
      root.replaceChildren(...created);
      return { created, removed: existing, outOfSync: false };
    }
  }
  const pool = new Map<string, HTMLElement[]>();
  if (!full) {
    for (const el of existing) {
      const key = el.dataset.key ?? '';
      const list = pool.get(key);
      if (list) list.push(el);
      else pool.set(key, [el]);
    }
  }
  const created: HTMLElement[] = [];
  const wanted: HTMLElement[] = [];
  let outOfSync = false;
  for (const block of blocks) {
    if (block.html !== undefined) {
      const el = document.createElement('div');
      el.className = BLOCK_CLASS;
      el.dataset.key = block.key;
      el.dataset.blockLine = String(block.line);
      el.innerHTML = sanitize(block.html);
      created.push(el);
      wanted.push(el);
      continue;
    }
    const el = pool.get(block.key)?.shift();
    if (!el) {
      outOfSync = true;
      continue;
    }
    const delta = block.line - Number(el.dataset.blockLine);
    if (delta !== 0) {
      el.dataset.blockLine = String(block.line);
      for (const lineEl of el.querySelectorAll<HTMLElement>('[data-line]')) {
        lineEl.dataset.line = String(Number(lineEl.dataset.line) + delta);
      }
    }
    wanted.push(el);
  }
  const keep = new Set(wanted);
  const removed = existing.filter((el) => !keep.has(el));
  // Measure everything first, then mutate: interleaving would force a layout per element.
  for (const el of removed) beforeRemove(el);
  for (const el of removed) el.remove();
  for (let i = 0; i < wanted.length; i++) {
    const current = root.children[i];
    if (current !== wanted[i]) root.insertBefore(wanted[i], current ?? null);
  }
  return { created, removed, outOfSync };
}

const escapeAttribute = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Every block of a full update parsed in one go (a long article's 6,000 blocks took 500 ms set one innerHTML at a
 * time). Only if each block's HTML stands on its own: one that would not close (raw HTML) would take in the blocks
 * after it, so the result is checked block by block, and undefined sends the caller the slow way.
 */
function parseAll(blocks: BlockPayload[], sanitize: (html: string) => string): HTMLElement[] | undefined {
  if (blocks.some((b) => b.html === undefined)) return undefined;
  const template = document.createElement('template');
  template.innerHTML = blocks.map((b) => `<div class="${BLOCK_CLASS}" data-key="${escapeAttribute(b.key)}" data-block-line="${b.line}">${sanitize(b.html!)}</div>`).join('');
  const created = Array.from(template.content.children) as HTMLElement[];
  const whole =
    template.content.childNodes.length === blocks.length &&
    created.length === blocks.length &&
    created.every((el, i) => el.className === BLOCK_CLASS && el.dataset.key === blocks[i].key && el.dataset.blockLine === String(blocks[i].line));
  return whole ? created : undefined;
}
