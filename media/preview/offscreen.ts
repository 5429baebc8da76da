// Which blocks of the article may skip style and layout while far from the viewport (`content-visibility:
// auto`, see preview.css). Chromium skips a block for the first frame after that property is applied to it,
// even on screen: applied to a block the reader sees, its text would vanish for a frame (and, with no size
// remembered yet, everything below it would jump). So a block is laid out in full until it is first seen off
// screen (its size then remembered by `contain-intrinsic-size: auto`), and only then may it be skipped.
// The exception is a long article's first update (skipFirstLayout), when nothing is on screen yet.

const SKIPPABLE = 'nl-skippable';

/**
 * A first update of more blocks than this lays out only the first FIRST_LAID_OUT in full before its first screen;
 * the others start skipped (a placeholder's height) and are laid out for real afterwards, LAYOUT_CHUNK a frame.
 * The first layout of every block of a 2,000-diagram article (12,000 blocks) took 0.3 s before anything was drawn.
 */
const LONG_ARTICLE_BLOCKS = 1_000;
const FIRST_LAID_OUT = 300;
const LAYOUT_CHUNK = 500;

export class OffscreenSkipping {
  private readonly observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting || this.notLaidOut.has(entry.target)) continue;
      entry.target.classList.add(SKIPPABLE);
      this.observer.unobserve(entry.target);
    }
  });
  private suspended = false;
  private generation = 0;
  /** Blocks skipped from their creation (skipFirstLayout), not laid out at their real size yet. */
  private notLaidOut = new Set<Element>();

  constructor(private readonly root: HTMLElement) {}

  /** Blocks just created: skippable once they have been seen off screen (unless skipping is suspended). */
  add(blocks: Iterable<Element>): void {
    if (this.suspended) return;
    for (const block of blocks) if (!this.notLaidOut.has(block)) this.observer.observe(block);
  }

  /**
   * A page's first update, before anything is laid out, to be scrolled to source line `line` (if any): when the
   * article is long and opens near its start, the blocks after the first FIRST_LAID_OUT skip their first layout,
   * and are laid out at their real size a chunk a frame once the first screen is shown (resume).
   * Until then their heights are a placeholder's: a scroll to one of them still lands on it (it is laid out when on
   * screen), and scroll anchoring keeps it there while the blocks above it take their real sizes.
   */
  skipFirstLayout(line: number | undefined): void {
    const children = this.root.children;
    if (children.length <= LONG_ARTICLE_BLOCKS || (line !== undefined && line >= firstLineOf(children[FIRST_LAID_OUT / 2]))) return;
    const blocks = Array.from(children).slice(FIRST_LAID_OUT);
    for (const block of blocks) block.classList.add(SKIPPABLE);
    this.notLaidOut = new Set(blocks);
  }

  private layOut(blocks: Element[]): void {
    for (const block of blocks) {
      this.notLaidOut.delete(block);
      if (!block.isConnected) continue;
      block.classList.remove(SKIPPABLE);
      // Skippable again once seen off screen, its real size remembered.
      this.observer.observe(block);
    }
  }

  /** The blocks not laid out yet, a chunk a frame (each chunk's layout some 12 ms at 12,000 blocks). */
  private layOutInChunks(): void {
    const mine = this.generation;
    const next = (): void => {
      if (mine !== this.generation || this.notLaidOut.size === 0) return;
      const chunk: Element[] = [];
      for (const block of this.notLaidOut) if (chunk.push(block) === LAYOUT_CHUNK) break;
      this.layOut(chunk);
      requestAnimationFrame(next);
    };
    requestAnimationFrame(next);
  }

  /** The block holding `el` changed while it may have been skipped: lay it out again, and remember its new size. */
  relayout(el: Element): void {
    const block = el.closest('.nl-block');
    if (!block || this.suspended) return;
    block.classList.remove(SKIPPABLE);
    this.observer.observe(block);
  }

  /**
   * Every block laid out again (new content everywhere: a full update, a theme change), so that the sizes
   * remembered are the new ones; until resume().
   */
  suspend(): void {
    this.generation++;
    this.suspended = true;
    this.observer.disconnect();
    this.notLaidOut.clear();
    for (const block of this.root.children) block.classList.remove(SKIPPABLE);
  }

  /** After a suspend: two frames on, every block has been laid out, and those off screen may be skipped. */
  resume(): void {
    if (!this.suspended) return;
    const mine = this.generation;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (mine !== this.generation) return;
        this.suspended = false;
        this.add(this.root.children);
        this.layOutInChunks();
      }),
    );
  }
}

/** A block's first source line (Infinity if it has none). */
function firstLineOf(block: Element | undefined): number {
  const line = Number(block?.querySelector<HTMLElement>('[data-line]')?.dataset.line);
  return Number.isFinite(line) ? line : Infinity;
}
