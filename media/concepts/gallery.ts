// The gallery: one card per concept, grouped under its heading, in document order. Cards are keyed by
// concept id (kind + content hash + occurrence), so an update moves the cards it keeps instead of
// re-creating them: a formula typeset or a diagram drawn once stays on screen while the text around it
// is edited.
import type { ConceptItem, ConceptsStrings } from '../../src/preview/concepts/protocol';

export type CardAction = 'reveal' | 'copy' | 'svg' | 'png';

export interface Card {
  item: ConceptItem;
  element: HTMLElement;
  thumb: HTMLElement;
  lineLabel: HTMLElement;
  /** Diagrams: the SVG on screen and the theme key it was drawn with. */
  svg?: string;
  themeKey?: string;
  failed?: boolean;
}

export class Gallery {
  readonly element = document.createElement('div');
  private readonly cards = new Map<string, Card>();

  constructor(
    private readonly strings: ConceptsStrings,
    private readonly onAction: (card: Card, action: CardAction) => void,
  ) {
    this.element.className = 'nl-gallery';
    this.element.setAttribute('role', 'list');
  }

  get(id: string): Card | undefined {
    return this.cards.get(id);
  }

  all(): Card[] {
    return [...this.cards.values()];
  }

  /**
   * Shows `items` in order. Returns false when the host left out the typeset HTML of a formula this
   * page does not hold (the two disagree on what is shown): the caller asks for everything again.
   */
  update(items: ConceptItem[]): boolean {
    let inSync = true;
    const next = new Map<string, Card>();
    const groups: { title: string; cards: HTMLElement[] }[] = [];
    let groupKey: string | undefined;
    for (const item of items) {
      let card = this.cards.get(item.id);
      if (!card) {
        card = this.createCard(item);
        if (item.kind !== 'mermaid' && item.html === undefined) inSync = false;
      } else {
        card.item = { ...item, html: item.html ?? card.item.html };
        if (item.html !== undefined) card.thumb.innerHTML = item.html;
      }
      card.lineLabel.textContent = this.strings.line.replace('{0}', String(item.startLine + 1));
      next.set(item.id, card);
      const key = item.heading ? `${item.heading.line}\u0000${item.heading.text}` : '';
      if (key !== groupKey || groups.length === 0) {
        groups.push({ title: item.heading?.text || this.strings.noHeading, cards: [] });
        groupKey = key;
      }
      groups[groups.length - 1].cards.push(card.element);
    }
    this.cards.clear();
    for (const [id, card] of next) this.cards.set(id, card);
    // Rebuild the light group structure; the cards themselves (and what they drew) are moved, not rebuilt.
    const sections = groups.map(({ title, cards }) => {
      const section = document.createElement('section');
      section.className = 'nl-group';
      const heading = document.createElement('h2');
      heading.className = 'nl-group-title';
      heading.textContent = title;
      const list = document.createElement('div');
      list.className = 'nl-cards';
      list.append(...cards);
      section.append(heading, list);
      return section;
    });
    this.element.replaceChildren(...sections);
    return inSync;
  }

  private createCard(item: ConceptItem): Card {
    const element = document.createElement('article');
    element.className = 'nl-card';
    element.dataset.id = item.id;
    element.dataset.kind = item.kind;
    if (item.oneSymbol) element.dataset.oneSymbol = '';
    element.tabIndex = 0;
    element.setAttribute('role', 'listitem');
    element.title = this.strings.reveal;

    const thumb = document.createElement('div');
    thumb.className = 'nl-card-thumb';
    if (item.kind === 'mermaid') {
      // The source stays readable until (or unless) Mermaid draws it.
      const pre = document.createElement('pre');
      pre.className = 'nl-card-source';
      pre.textContent = item.source;
      thumb.append(pre);
    } else if (item.html !== undefined) {
      // KaTeX output rendered on the host (trust off, errors escaped there).
      thumb.innerHTML = item.html;
    }

    const meta = document.createElement('div');
    meta.className = 'nl-card-meta';
    const kind = document.createElement('span');
    kind.className = 'nl-card-kind';
    kind.textContent = item.kind === 'mermaid' ? this.strings.diagram : item.kind === 'displayMath' ? this.strings.formula : this.strings.inlineFormula;
    const lineLabel = document.createElement('span');
    lineLabel.className = 'nl-card-line';
    const actions = document.createElement('span');
    actions.className = 'nl-card-actions';
    const card: Card = { item, element, thumb, lineLabel };
    for (const [action, label, text] of [
      ['copy', this.strings.copySource, this.strings.copy],
      ['svg', this.strings.exportSvg, 'SVG'],
      ['png', this.strings.exportPng, 'PNG'],
    ] as const) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.action = action;
      button.title = label;
      button.setAttribute('aria-label', label);
      button.textContent = text;
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        this.onAction(card, action);
      });
      actions.append(button);
    }
    meta.append(kind, lineLabel, actions);
    element.append(thumb, meta);
    element.addEventListener('click', () => this.onAction(card, 'reveal'));
    element.addEventListener('keydown', (event) => {
      if ((event.key === 'Enter' || event.key === ' ') && event.target === element) {
        event.preventDefault();
        this.onAction(card, 'reveal');
      }
    });
    return card;
  }
}
