// The type of the TensorFlow.js namespace the engine works with. Only a type: the namespace itself comes from
// backend.ts's initBackend(), the one copy a backend was registered with.
export type TF = typeof import('@tensorflow/tfjs');
