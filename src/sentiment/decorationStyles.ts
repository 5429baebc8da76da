// One decoration type per colour class, created once per configuration (as Error Lens does): the colour
// is the contributed theme colour, the label text comes per line as render options. Only a change of the
// gutter icon or line tint setting rebuilds the types.
import * as vscode from 'vscode';
import { COLOUR_CLASSES, type ColourClass } from '../core/sentiment/sentimentText';
import type { SentimentConfig } from './config';

export class DecorationStyles implements vscode.Disposable {
  readonly types: Readonly<Record<ColourClass, vscode.TextEditorDecorationType>>;

  constructor(config: Pick<SentimentConfig, 'gutterIcons' | 'lineTint'>, extensionUri: vscode.Uri) {
    const types = {} as Record<ColourClass, vscode.TextEditorDecorationType>;
    for (const cls of COLOUR_CLASSES) {
      const icon = (theme: 'light' | 'dark'): vscode.Uri => vscode.Uri.joinPath(extensionUri, 'media', 'sentiment', `${cls}-${theme}.svg`);
      types[cls] = vscode.window.createTextEditorDecorationType({
        after: {
          color: new vscode.ThemeColor(`neuralLens.sentiment.${cls}`),
          margin: '0 0 0 2.5em',
          fontStyle: 'normal',
        },
        isWholeLine: config.lineTint,
        backgroundColor: config.lineTint ? new vscode.ThemeColor(`neuralLens.sentiment.${cls}Background`) : undefined,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        ...(config.gutterIcons
          ? { gutterIconSize: '60%', light: { gutterIconPath: icon('light') }, dark: { gutterIconPath: icon('dark') } }
          : {}),
      });
    }
    this.types = types;
  }

  dispose(): void {
    for (const cls of COLOUR_CLASSES) this.types[cls].dispose();
  }
}
