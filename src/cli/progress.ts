// A one-line progress bar on stderr when it is a terminal; silent otherwise (pipes, --json, CI logs).
import type { TrainProgress } from '../engine/protocol';

export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update(p: TrainProgress): void; done(): void } {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let lastDraw = 0;
  let drawn = false;
  let lastEpochLine = '';
  const draw = (line: string): void => {
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write('\r\x1b[2K' + line.slice(0, width));
    drawn = true;
  };
  return {
    update(p) {
      const now = Date.now();
      if (!p.epochEnd && now - lastDraw < 80) return;
      lastDraw = now;
      if (p.phase === 'reading') return draw(`reading… ${p.rowsRead ?? 0} rows`);
      if (p.phase !== 'training') return draw(`${p.phase}…`);
      const epochs = p.epochs ?? 1;
      const within = p.batches ? (p.batch ?? 0) / p.batches : p.epochEnd ? 1 : 0;
      const fraction = Math.min(1, ((p.epoch ?? 1) - 1 + within) / epochs);
      const cells = 24;
      const filled = Math.round(fraction * cells);
      const bar = '█'.repeat(filled) + '░'.repeat(cells - filled);
      if (p.epochEnd) {
        const val = p.valLoss !== undefined ? `  val_loss ${p.valLoss.toFixed(4)}  val_acc ${(p.valAccuracy ?? 0).toFixed(4)}` : '';
        lastEpochLine = `  loss ${p.loss?.toFixed(4) ?? '–'}  acc ${p.accuracy?.toFixed(4) ?? '–'}${val}`;
      }
      draw(`${bar} epoch ${p.epoch ?? 1}/${epochs}${lastEpochLine}`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
