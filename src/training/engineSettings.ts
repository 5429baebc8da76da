// The neuralLens.training.* settings the engine's jobs read besides the model's own (those are the pickers'):
// how CSV files are decoded, and how much memory the engine's worker may take.
import * as vscode from 'vscode';
import type { EngineOptions } from '../engine/client';

/** The neuralLens.training.encoding setting: undefined for "auto" (a byte-order mark, else UTF-8). */
export function encodingSetting(): string | undefined {
  const value = vscode.workspace.getConfiguration('neuralLens.training').get<string>('encoding', 'auto').trim();
  return value === '' || value.toLowerCase() === 'auto' ? undefined : value;
}

/** The engine client's options: its worker's heap limit (neuralLens.training.maxMemoryMb; 0: from the machine). */
export function clientOptions(): EngineOptions {
  const mb = vscode.workspace.getConfiguration('neuralLens.training').get<number>('maxMemoryMb', 0);
  return { maxHeapMb: Number.isFinite(mb) && mb > 0 ? Math.max(128, Math.floor(mb)) : undefined };
}
