// `npm start` (after `npm run build`): opens VS Code on samples/ with Neural Lens loaded from this
// folder as a development extension.
//  - the desktop `code` when there is one on PATH: code --extensionDevelopmentPath=<repo> samples
//  - otherwise the browser VS Code of the test harness (code-server, built once into ~/.cache),
//    whose URL is printed; it stays up until Ctrl-C.
// NEURAL_LENS_RUNNER=code-server forces the browser one; NL_PORT fixes its port.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const samples = path.join(repoRoot, 'samples');

function onPath(command) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function startDesktop(code) {
  console.log(`Opening ${path.relative(process.cwd(), samples) || '.'} in ${code} with Neural Lens under development`);
  const child = spawn(code, [`--extensionDevelopmentPath=${repoRoot}`, samples], { stdio: 'inherit' });
  child.on('exit', (status) => process.exit(status ?? 1));
}

/** The harness is TypeScript; bundle its code-server module on the fly so `npm start` needs no compile-tests. */
function loadCodeServerHarness() {
  const esbuild = require('esbuild');
  const outfile = path.join(repoRoot, 'out', 'start', 'codeServer.js');
  esbuild.buildSync({
    entryPoints: [path.join(repoRoot, 'test', 'harness', 'codeServer.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return require(outfile);
}

async function startBrowser() {
  const { startCodeServer } = loadCodeServerHarness();
  const port = process.env.NL_PORT ? Number(process.env.NL_PORT) : undefined;
  const server = await startCodeServer({ workspace: samples, extensionDevelopmentPath: repoRoot, port });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server…');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log('');
  console.log('Neural Lens is running in VS Code for the browser, on samples/. Open:');
  console.log('');
  console.log(`  ${server.url}`);
  console.log('');
  console.log('(It listens on 127.0.0.1 only: on a remote machine, forward the port first.) Ctrl-C stops it.');
  // Stay up: the child keeps the event loop alive until stop().
}

const code = process.env.NEURAL_LENS_RUNNER === 'code-server' ? undefined : onPath('code');
if (code) {
  startDesktop(code);
} else {
  startBrowser().catch((e) => {
    if (e && e.name === 'CodeServerInstallError') {
      // The cause first, in one line; the log tail for context; then how to retry.
      console.error(`\nnpm start: could not build code-server (the browser VS Code it opens): ${e.reason}`);
      console.error(`\nLast lines of ${e.logFile}:\n${e.logTail}`);
      console.error(`\nFull log: ${e.logFile}`);
      console.error('Once that is fixed, run `npm start` again: the build starts over (nothing half-built is kept).');
    } else {
      console.error(`npm start: ${e && e.message ? e.message : e}`);
    }
    process.exit(1);
  });
}
