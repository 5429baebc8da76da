// Which blocks of the article may skip style and layout while far from the viewport (`content-visibility:
// auto`, see preview.css). Chromium skips a block for the first frame after that property is applied to it,
// even on screen: applied to a block the reader sees, its text would vanish for a frame (and, with no size
// remembered yet, everything below it would jump). So a block is laid out in full until it is first seen off
// screen (its size then remembered by `contain-intrinsic-size: auto`), and only then may it be skipped.

const SKIPPABLE = 'nl-skippable';

export class OffscreenSkipping {
  private readonly observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) continue;
      entry.target.classList.add(SKIPPABLE);
      this.observer.unobserve(entry.target);
    }
  });
  private suspended = false;
  private generation = 0;

  constructor(private readonly root: HTMLElement) {}

  /** Blocks just created: skippable once they have been seen off screen (unless skipping is suspended). */
  add(blocks: Iterable<Element>): void {
    if (this.suspended) return;
    for (const block of blocks) this.observer.observe(block);
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
      }),
    );
  }
}
