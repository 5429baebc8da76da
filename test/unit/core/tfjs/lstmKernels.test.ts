// The checked-in kernel bytes (src/core/tfjs/lstmKernelsWasm.ts) are what their source, lstmKernels.wat,
// assembles to: assembled again here with the same script `npm run wasm` runs, and compared byte for byte.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { simdModuleBytes } from '../../../../src/core/tfjs/wasmSimd';
import { repoRoot } from '../../../harness/paths';

interface WasmScript {
  assembleKernels(): Promise<Buffer>;
}

describe('tfjs/lstmKernels.wat: the SIMD kernels and their source', () => {
  it('the checked-in bytes are what lstmKernels.wat assembles to (run `npm run wasm` after editing it)', async function () {
    let script: WasmScript | undefined;
    try {
      require.resolve('wabt');
      script = (await import(path.join(repoRoot, 'scripts', 'wasm.js'))) as WasmScript;
    } catch {
      // Skipped, and said so: wabt is a devDependency, which `npm ci` installs.
      console.log('      (skipped: wabt is not installed, so lstmKernels.wat cannot be assembled here)');
      return this.skip();
    }
    const assembled = await script.assembleKernels();
    const checkedIn = simdModuleBytes();
    assert.equal(checkedIn.length, assembled.length, 'size');
    assert.ok(Buffer.from(checkedIn).equals(assembled), 'the bytes differ from lstmKernels.wat: run `npm run wasm`');
  });

  it('exports the three kernels and the memory', () => {
    const module = new WebAssembly.Module(new Uint8Array(simdModuleBytes()));
    assert.deepEqual(
      WebAssembly.Module.exports(module).map((e) => `${e.kind} ${e.name}`),
      ['function gemm', 'function lstmCellForward', 'function lstmCellBackward', 'memory memory'],
    );
  });
});
