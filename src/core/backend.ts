// Picks the TensorFlow.js backend: tfjs-node when it loads, else the WASM backend, else plain CPU, and says why.
// TensorFlow.js is loaded lazily, on the first call, so nothing that merely imports the engine pays for it.
//
// Everything that uses TensorFlow.js at run time must use the `tf` returned here, never a static import:
// in the bundles tfjs is inlined while tfjs-node (external, optional) brings its own copy of tfjs-core, and
// only the copy it registered its backend with can use it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { registerFastKernels } from './tfjs/kernels';
import type { TF } from './tfjs/tf';

export type { TF };
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendChoice {
  tf: TF;
  name: BackendName;
  /** Why each backend before the chosen one was not used, e.g. "tfjs-node: not installed". */
  skipped: string[];
}

export interface BackendOptions {
  /** Start the search at this backend: 'wasm' skips tfjs-node, 'cpu' skips both. */
  prefer?: 'node' | 'wasm' | 'cpu';
}

const WASM_FILE = 'tfjs-backend-wasm-simd.wasm';

let loadedTf: TF | undefined;
let current: Promise<BackendChoice> | undefined;
let currentPreference: string | undefined;

export function initBackend(opts: BackendOptions = {}): Promise<BackendChoice> {
  const preference = opts.prefer ?? 'node';
  if (!current || currentPreference !== preference) {
    currentPreference = preference;
    current = choose(preference);
    current.catch(() => (current = undefined));
  }
  return current;
}

async function choose(prefer: 'node' | 'wasm' | 'cpu'): Promise<BackendChoice> {
  const skipped: string[] = [];
  if (prefer === 'node') {
    const node = tryTfjsNode();
    if (typeof node !== 'string') {
      await node.setBackend('tensorflow');
      await node.ready();
      return finish(node, 'tensorflow', skipped);
    }
    skipped.push(`tfjs-node: ${node}`);
  } else {
    skipped.push(`tfjs-node: not tried (prefer ${prefer})`);
  }

  const tf = loadTfjs();
  if (prefer !== 'cpu') {
    const why = await tryWasm(tf);
    if (why === undefined) return finish(tf, 'wasm', skipped);
    skipped.push(`wasm: ${why}`);
  } else {
    skipped.push('wasm: not tried (prefer cpu)');
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('TensorFlow.js: not even the CPU backend could start');
  await tf.ready();
  return finish(tf, 'cpu', skipped);
}

function finish(tf: TF, name: BackendName, skipped: string[]): BackendChoice {
  // Our own kernels fill the gaps of the wasm and cpu backends (see tfjs/kernels.ts); tfjs-node needs none.
  registerFastKernels(tf);
  return { tf, name, skipped };
}

/** The tfjs-node module, or why it could not be loaded. Required lazily: it is optional and native. */
function tryTfjsNode(): TF | string {
  try {
    // A computed name keeps bundlers from trying to resolve it; the bundles also mark it external.
    const moduleName = '@tensorflow/tfjs-node';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(moduleName) as TF;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'MODULE_NOT_FOUND' ? 'not installed' : `failed to load (${(error as Error).message.split('\n')[0]})`;
  }
}

function loadTfjs(): TF {
  if (!loadedTf) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loadedTf = require('@tensorflow/tfjs') as TF;
    // PROD silences tfjs's console banners ("looks like you are running in Node.js") and debug checks.
    loadedTf.env().set('PROD', true);
  }
  return loadedTf;
}

/** Starts the WASM backend, or returns why it could not. */
async function tryWasm(tf: TF): Promise<string | undefined> {
  const folder = wasmFolder();
  if (!folder) return `${WASM_FILE} not found beside the bundle nor in node_modules`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(folder + path.sep);
    if (!(await tf.setBackend('wasm'))) return 'failed to initialise';
    await tf.ready();
    return undefined;
  } catch (error) {
    return `failed to initialise (${(error as Error).message.split('\n')[0]})`;
  }
}

/**
 * The folder holding the backend's .wasm files: beside the running bundle (esbuild.js copies them into dist/),
 * else the package's own dist/ folder when running unbundled (tests from out/).
 */
export function wasmFolder(): string | undefined {
  const candidates = [__dirname];
  try {
    candidates.push(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'));
  } catch {
    // Not resolvable from a packaged extension: only the bundle's folder counts there.
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, WASM_FILE)));
}
