/**
 * A call recording as a WAV file: 8 kHz, mono, 16-bit PCM, as long as the call talked. The samples
 * are silence: the file is valid and the right length, which is what a client downloading and
 * storing recordings can check.
 */

const SAMPLE_RATE = 8000
const BYTES_PER_SAMPLE = 2
const HEADER_BYTES = 44

/** A WAV file of `durationSeconds` (rounded to the sample; negative and non-finite give an empty one). */
export function wavFor (durationSeconds: number): Buffer {
  const samples = Number.isFinite(durationSeconds) && durationSeconds > 0 ? Math.round(durationSeconds * SAMPLE_RATE) : 0
  const dataBytes = samples * BYTES_PER_SAMPLE
  const buf = Buffer.alloc(HEADER_BYTES + dataBytes)
  buf.write('RIFF', 0, 'ascii')
  buf.writeUInt32LE(36 + dataBytes, 4)
  buf.write('WAVE', 8, 'ascii')
  buf.write('fmt ', 12, 'ascii')
  buf.writeUInt32LE(16, 16) // PCM fmt chunk size
  buf.writeUInt16LE(1, 20) // PCM
  buf.writeUInt16LE(1, 22) // mono
  buf.writeUInt32LE(SAMPLE_RATE, 24)
  buf.writeUInt32LE(SAMPLE_RATE * BYTES_PER_SAMPLE, 28) // byte rate
  buf.writeUInt16LE(BYTES_PER_SAMPLE, 32) // block align
  buf.writeUInt16LE(8 * BYTES_PER_SAMPLE, 34) // bits per sample
  buf.write('data', 36, 'ascii')
  buf.writeUInt32LE(dataBytes, 40)
  return buf
}
