// Runs RNNoise (npm @shiguredo/rnnoise-wasm) over raw mono 48 kHz signed 16-bit little-endian PCM from stdin and writes the
// denoised PCM to stdout, with RNNoise's own delay removed so that the output lines up with the input sample for sample.
// Usage: ffmpeg -i in.wav -ac 1 -ar 48000 -f s16le - | node rnnoise.mjs | ffmpeg -f s16le -ar 48000 -ac 1 -i - out.wav
// the package is built for browsers: it checks for `window` before loading its (embedded) wasm
globalThis.window = globalThis;
const { Rnnoise } = await import("@shiguredo/rnnoise-wasm");

const DELAY = Number(process.env.RNNOISE_DELAY ?? 960); // samples at 48 kHz (two frames), measured by cross-correlating speech in and out

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const buf = Buffer.concat(chunks);
const n = buf.length >> 1;
const rnnoise = await Rnnoise.load();
const state = rnnoise.createDenoiseState();
const size = rnnoise.frameSize;
const frames = Math.ceil((n + DELAY) / size);
const out = new Int16Array(frames * size);
const frame = new Float32Array(size);
for (let f = 0; f < frames; f++) {
  for (let i = 0; i < size; i++) {
    const k = f * size + i;
    frame[i] = k < n ? buf.readInt16LE(2 * k) : 0;
  }
  state.processFrame(frame);
  for (let i = 0; i < size; i++) {
    out[f * size + i] = Math.max(-32768, Math.min(32767, Math.round(frame[i])));
  }
}
state.destroy();
process.stdout.write(Buffer.from(out.buffer, out.byteOffset + 2 * DELAY, 2 * n));
