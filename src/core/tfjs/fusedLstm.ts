// A tfjs-layers layer that is Keras' LSTM (same weights, same config, same results) but runs as one op with a
// custom gradient (lstmMath.ts) instead of a dozen ops per time step. Saved models call it "LSTM", so any
// TensorFlow.js program loads them as a stock LSTM; our loader swaps this class back in (see tfjsIo.ts).
import type { LayerVariable, Tensor, Tensor2D, Tensor3D, serialization } from '@tensorflow/tfjs';
import type { TF } from './tf';
import { lstmBackward, lstmForward, type LstmInput, type LstmParams } from './lstmMath';
import { Random } from './random';
import { Workspace } from './wasmSimd';

export const FUSED_LSTM_CLASS = 'NeuralLensFusedLSTM';

export interface FusedLstmArgs {
  units: number;
  dropout?: number;
  recurrentDropout?: number;
  useBias?: boolean;
  /** Keras' default: the forget gate's bias starts at 1. */
  unitForgetBias?: boolean;
  /** Seeds the initial weights and the dropout masks. */
  seed?: number;
  name?: string;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  trainable?: boolean;
  /** Present in saved LSTM configs; anything but the defaults below is refused (see `isFusable`). */
  activation?: unknown;
  recurrentActivation?: unknown;
  returnSequences?: boolean;
  returnState?: boolean;
  goBackwards?: boolean;
  stateful?: boolean;
}

/** Whether a saved (Keras-format, snake_case) LSTM config is one this layer computes identically. */
export function isFusable(config: Record<string, unknown>): boolean {
  const activation = (v: unknown, name: string) => v === name || (v as { class_name?: string } | undefined)?.class_name === name;
  return (
    (config.activation === undefined || activation(config.activation, 'tanh')) &&
    activation(config.recurrent_activation, 'sigmoid') &&
    !config.return_sequences &&
    !config.return_state &&
    !config.go_backwards &&
    !config.stateful
  );
}

type LayerClass = ReturnType<typeof defineClass>;
const classes = new WeakMap<object, LayerClass>();

/** The layer class for this tfjs instance, registered for deserialisation under FUSED_LSTM_CLASS. */
export function fusedLstmClass(tf: TF): LayerClass {
  let cls = classes.get(tf);
  if (!cls) {
    cls = defineClass(tf);
    tf.serialization.registerClass(cls);
    classes.set(tf, cls);
  }
  return cls;
}

function defineClass(tf: TF) {
  return class FusedLstm extends tf.layers.Layer {
    static className = FUSED_LSTM_CLASS;
    readonly units: number;
    readonly dropout: number;
    readonly recurrentDropout: number;
    readonly useBias: boolean;
    readonly unitForgetBias: boolean;
    readonly seed: number | undefined;
    private readonly random: Random;
    private readonly workspace = new Workspace();
    private kernel?: LayerVariable;
    private recurrentKernel?: LayerVariable;
    private bias?: LayerVariable;

    constructor(args: FusedLstmArgs) {
      super(args as ConstructorParameters<typeof tf.layers.Layer>[0]);
      if (args.returnSequences || args.returnState || args.goBackwards || args.stateful) {
        throw new Error('FusedLstm: returnSequences, returnState, goBackwards and stateful are not supported');
      }
      this.units = args.units;
      this.dropout = clampRate(args.dropout);
      this.recurrentDropout = clampRate(args.recurrentDropout);
      this.useBias = args.useBias ?? true;
      this.unitForgetBias = args.unitForgetBias ?? true;
      this.seed = args.seed ?? undefined;
      this.random = new Random(this.seed ?? Math.floor(Math.random() * 2 ** 32));
      this.supportsMasking = true;
    }

    override build(inputShape: (number | null)[] | (number | null)[][]): void {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as (number | null)[];
      const inputDim = shape[shape.length - 1]!;
      const H = this.units;
      const zeros = tf.initializers.zeros();
      this.kernel = this.addWeight('kernel', [inputDim, 4 * H], 'float32', zeros);
      this.recurrentKernel = this.addWeight('recurrent_kernel', [H, 4 * H], 'float32', zeros);
      if (this.useBias) this.bias = this.addWeight('bias', [4 * H], 'float32', zeros);
      // Keras' initialisers (glorot_uniform, orthogonal, zeros with unit forget bias), seeded, in plain JS:
      // tfjs's Orthogonal runs a QR decomposition through tensor ops and warns on every matrix this size.
      const init = this.random.fork();
      this.kernel.write(tf.tensor2d(glorotUniform(init, inputDim, 4 * H), [inputDim, 4 * H]));
      this.recurrentKernel.write(tf.tensor2d(orthogonalRows(init, H, 4 * H), [H, 4 * H]));
      if (this.bias) {
        const bias = new Float32Array(4 * H);
        if (this.unitForgetBias) bias.fill(1, H, 2 * H);
        this.bias.write(tf.tensor1d(bias));
      }
      this.built = true;
    }

    override computeOutputShape(inputShape: (number | null)[]): (number | null)[] {
      return [inputShape[0], this.units];
    }

    /** Only the last step is returned, so no mask goes further (the base class would pass the input's on). */
    override computeMask(): Tensor {
      return null as unknown as Tensor;
    }

    override call(inputs: Tensor | Tensor[], kwargs: { mask?: Tensor | Tensor[] | null; training?: boolean }): Tensor2D {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as Tensor3D;
      const maskTensor = Array.isArray(kwargs.mask) ? kwargs.mask[0] : kwargs.mask;
      const [batch, steps, inputDim] = x.shape;
      const H = this.units;
      const training = kwargs.training === true;
      const input: Omit<LstmInput, 'x'> = {
        batch,
        steps,
        mask: maskTensor ? Uint8Array.from(maskTensor.dataSync() as ArrayLike<number>) : null,
        inputKeep: training && this.dropout > 0 ? this.random.dropoutMask(batch * inputDim, this.dropout) : null,
        recurrentKeep: training && this.recurrentDropout > 0 ? this.random.dropoutMask(batch * H, this.recurrentDropout) : null,
      };
      const params = (kernel: Tensor, recurrentKernel: Tensor, bias: Tensor | null): LstmParams => ({
        kernel: kernel.dataSync() as Float32Array,
        recurrentKernel: recurrentKernel.dataSync() as Float32Array,
        bias: bias ? (bias.dataSync() as Float32Array) : null,
        inputDim,
        units: H,
      });
      const weights = [this.kernel!.read(), this.recurrentKernel!.read(), ...(this.bias ? [this.bias.read()] : [])];
      if (!training) {
        const p = params(weights[0], weights[1], weights[2] ?? null);
        return tf.tensor2d(lstmForward(p, { ...input, x: x.dataSync() as Float32Array }, this.workspace, false).h, [batch, H]);
      }
      const op = tf.customGrad(((...args: Tensor[]) => {
        const [xT, kernel, recurrentKernel, bias] = args;
        const p = params(kernel, recurrentKernel, this.bias ? bias : null);
        const full: LstmInput = { ...input, x: xT.dataSync() as Float32Array };
        const { h, trace } = lstmForward(p, full, this.workspace);
        return {
          value: tf.tensor2d(h, [batch, H]),
          gradFunc: (dy: Tensor) => {
            const g = lstmBackward(p, full, trace, dy.dataSync() as Float32Array);
            return [
              tf.tensor3d(g.dx, [batch, steps, inputDim]),
              tf.tensor2d(g.dKernel, [inputDim, 4 * H]),
              tf.tensor2d(g.dRecurrentKernel, [H, 4 * H]),
              ...(g.dBias ? [tf.tensor1d(g.dBias)] : []),
            ];
          },
        };
      }) as Parameters<TF['customGrad']>[0]);
      return op(x, ...weights) as Tensor2D;
    }

    /** Exactly the config of a stock tfjs/Keras LSTM, so the saved layer loads as one. */
    override getConfig(): serialization.ConfigDict {
      const seed = this.seed ?? null;
      return {
        ...super.getConfig(),
        units: this.units,
        activation: 'tanh',
        recurrentActivation: 'sigmoid',
        useBias: this.useBias,
        kernelInitializer: { className: 'GlorotUniform', config: { seed } },
        recurrentInitializer: { className: 'Orthogonal', config: { gain: 1, seed } },
        biasInitializer: { className: 'Zeros', config: {} },
        unitForgetBias: this.unitForgetBias,
        kernelRegularizer: null,
        recurrentRegularizer: null,
        biasRegularizer: null,
        activityRegularizer: null,
        kernelConstraint: null,
        recurrentConstraint: null,
        biasConstraint: null,
        dropout: this.dropout,
        recurrentDropout: this.recurrentDropout,
        implementation: 2,
        returnSequences: false,
        returnState: false,
        goBackwards: false,
        stateful: false,
        unroll: false,
      };
    }
  };
}

function clampRate(rate: number | undefined): number {
  return Math.min(1, Math.max(0, rate ?? 0));
}

/** Keras glorot_uniform: U(−l, l) with l = √(6 / (fanIn + fanOut)). */
function glorotUniform(random: Random, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => (2 * random.next() - 1) * limit);
}

/** A rows×cols matrix (rows ≤ cols) with orthonormal rows: Gram–Schmidt on a Gaussian matrix, as Keras' orthogonal. */
function orthogonalRows(random: Random, rows: number, cols: number): Float32Array {
  const m = Float64Array.from({ length: rows * cols }, () => random.normal());
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let q = 0; q < r; q++) {
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += m[row + j] * m[q * cols + j];
      for (let j = 0; j < cols; j++) m[row + j] -= dot * m[q * cols + j];
    }
    let norm = 0;
    for (let j = 0; j < cols; j++) norm += m[row + j] * m[row + j];
    norm = Math.sqrt(norm);
    for (let j = 0; j < cols; j++) m[row + j] /= norm;
  }
  return Float32Array.from(m);
}
