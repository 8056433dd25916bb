// ONNX Runtime side of `synhead export --verify` (deploy/export_verify.h): runs an exported one-step model over a
// sequence with the state carried frame to frame. Reads DIR/request.json ({model, frames, crop_shape,
// state_shape, outputs}) and DIR/crop.f32 (frames × crop_shape float32), writes DIR/<output>.f32 (frames × width).
// Exit 3 when onnxruntime-node is not installed (`ONNXRUNTIME_NODE_INSTALL=skip npm ci` in this folder).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

let ort;
try {
  const module = await import('onnxruntime-node');
  ort = module.InferenceSession ? module : module.default;
} catch (error) {
  console.error(`onnx_verify: onnxruntime-node is not installed (${error.message}); ` +
    `run: cd ${path.dirname(new URL(import.meta.url).pathname)} && ONNXRUNTIME_NODE_INSTALL=skip npm ci`);
  process.exit(3);
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node verify.mjs DIR');
  process.exit(2);
}
const request = JSON.parse(readFileSync(path.join(dir, 'request.json'), 'utf8'));
const floats = (file) => {
  const bytes = readFileSync(file);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const size = (shape) => shape.reduce((a, b) => a * b, 1);

const session = await ort.InferenceSession.create(request.model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
const crops = floats(path.join(dir, 'crop.f32'));
const cropSize = size(request.crop_shape);
if (crops.length !== request.frames * cropSize) {
  console.error(`onnx_verify: crop.f32 holds ${crops.length} floats, expected ${request.frames * cropSize}`);
  process.exit(1);
}
const recurrent = request.state_shape.length > 0;
let state = recurrent ? new Float32Array(size(request.state_shape)) : null;  // zeros at the first frame
const outputs = {};
for (let t = 0; t < request.frames; ++t) {
  const feeds = { crop: new ort.Tensor('float32', crops.slice(t * cropSize, (t + 1) * cropSize), request.crop_shape) };
  if (recurrent) feeds.state_in = new ort.Tensor('float32', state, request.state_shape);
  const result = await session.run(feeds);
  for (const name of request.outputs) {
    const data = result[name].data;
    outputs[name] ??= new Float32Array(request.frames * data.length);
    outputs[name].set(data, t * data.length);
  }
  if (recurrent) state = Float32Array.from(result.state_out.data);
}
for (const name of request.outputs) {
  writeFileSync(path.join(dir, `${name}.f32`), Buffer.from(outputs[name].buffer));
}
