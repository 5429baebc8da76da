// A one-line progress bar on stderr when it is a terminal; silent otherwise (pipes, --json, CI logs).
import { PaceMeter, fitFraction, paceText } from '../core/trainingPace';
import type { TrainProgress } from '../core/trainTypes';

export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update(p: TrainProgress): void; done(): void } {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let lastDraw = 0;
  let drawn = false;
  let lastEpochLine = '';
  const pace = new PaceMeter();
  const draw = (line: string): void => {
    const width = (stream.columns || 80) - 1;
    stream.write('\r\x1b[2K' + line.slice(0, width));
    drawn = true;
  };
  return {
    update(p) {
      // Every event counts towards the pace, drawn or not.
      const shownPace = paceText(pace.observe(p));
      const withPace = (line: string): string => (shownPace ? `${line} · ${shownPace}` : line);
      if (p.epochEnd && p.loss !== undefined) {
        const val = p.valLoss !== undefined ? `  val_loss ${p.valLoss.toFixed(4)}  val_acc ${(p.valAccuracy ?? 0).toFixed(4)}` : '';
        lastEpochLine = `  loss ${p.loss.toFixed(4)}  acc ${p.accuracy?.toFixed(4) ?? '–'}${val}`;
      }
      const now = Date.now();
      if (now - lastDraw < 80 && !(p.epochEnd && p.epoch === p.epochs)) return;
      lastDraw = now;
      if (p.phase === 'reading') return draw(withPace(`reading… ${(p.rowsRead ?? 0).toLocaleString('en-US')} rows`));
      if (p.phase !== 'training') return draw(`${p.phase}…`);
      const epochs = p.epochs ?? 1;
      const fraction = fitFraction(p);
      const cells = Math.max(8, Math.min(24, Math.floor(((stream.columns || 80) - 50) / 2)));
      const filled = Math.round(fraction * cells);
      const bar = '█'.repeat(filled) + '░'.repeat(cells - filled);
      // Cross-fitting runs several fits: name the one running (core/validation.ts).
      const stage = p.fold !== undefined ? `fold ${p.fold}/${p.folds} ` : p.refit ? 'final fit ' : '';
      // The pace before the figures, which a narrow terminal cuts off first.
      draw(`${withPace(`${bar} ${stage}epoch ${p.epoch ?? 1}/${epochs}`)}${lastEpochLine}`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
