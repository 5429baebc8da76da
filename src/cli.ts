#!/usr/bin/env node
// `neural-lens`: the engine from a terminal (dist/cli.js). Each subcommand is a module exporting
// `run(argv): Promise<number>`; add one by adding a line to COMMANDS. (TensorFlow.js is loaded only by the
// lstm/cnn models, so the table can import every handler eagerly; `render` is the exception, see below.)
// Exit codes: 0 success, 1 bad input (a clear message on stderr), 2 usage.
import { EXIT, UsageError, reportError } from './cli/common';
import { requireBundle } from './core/requireBundle';
import { writeErr } from './core/terminalText';
import type * as RendererBundle from './core/markdown/rendererBundle';
import * as train from './cli/train';
import * as predict from './cli/predict';
import * as evaluate from './cli/evaluate';
import * as exportRun from './cli/export';

interface Command {
  summary: string;
  handler: { run(argv: string[]): Promise<number> };
}

const COMMANDS: Record<string, Command> = {
  train: { summary: 'train a model on a labelled CSV and save it', handler: train },
  predict: { summary: 'label each line of a file (or stdin) with a saved model', handler: predict },
  evaluate: { summary: 'the classification report of a saved model on a labelled CSV', handler: evaluate },
  export: { summary: 'a saved run as a Keras script (lstm, cnn) or fastText data and command (fast)', handler: exportRun },
  // Loaded on use from dist/renderer.js (a run-time require, not bundled here): markdown-it, KaTeX and
  // highlight.js stay out of dist/cli.js and out of the other commands' start-up.
  render: {
    summary: 'render a Markdown article to one standalone HTML file (diagrams as SVG, formulas typeset)',
    handler: { run: (argv) => requireBundle<typeof RendererBundle>(__dirname, 'renderer.js', 'core/markdown/rendererBundle.js').runRenderCli(argv) },
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: neural-lens <command> [options]   (neural-lens <command> --help for its options)',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? process.stderr : process.stdout).write(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    writeErr(`neural-lens: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    return await command.handler.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      writeErr(`neural-lens ${name}: ${e.message}\nRun "neural-lens ${name} --help" for its options.\n`);
      return EXIT.usage;
    }
    return reportError(e);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    writeErr(`neural-lens: ${String(e)}\n`);
    process.exitCode = EXIT.input;
  },
);
