/**
 * Recordings as WAV files: what a provider's "download the call audio" endpoint sends. A simulated
 * call has no sound, so its recording is silence of exactly the call's length, as 16-bit PCM, mono,
 * at telephone rate (8 kHz): 16 kB per second. Written as a stream (a 10-minute call is ~9.6 MB)
 * from one shared block of zeros, so a download costs no allocation per byte.
 */
import { Readable } from 'node:stream'

export interface WavFormat {
  sampleRate: number
  channels: number
  bitsPerSample: 8 | 16
}

export const TELEPHONE_WAV: WavFormat = { sampleRate: 8000, channels: 1, bitsPerSample: 16 }

const HEADER_BYTES = 44
const ZEROS = Buffer.alloc(64 * 1024)

/** The 44-byte RIFF/WAVE header (a 16-byte PCM `fmt ` chunk, then the `data` chunk header) for `dataBytes` of samples. */
export function wavHeader (dataBytes: number, format: WavFormat = TELEPHONE_WAV): Buffer {
  const blockAlign = format.channels * format.bitsPerSample / 8
  const h = Buffer.alloc(HEADER_BYTES)
  h.write('RIFF', 0, 'ascii')
  h.writeUInt32LE(36 + dataBytes, 4)
  h.write('WAVE', 8, 'ascii')
  h.write('fmt ', 12, 'ascii')
  h.writeUInt32LE(16, 16) // fmt chunk size
  h.writeUInt16LE(1, 20) // PCM
  h.writeUInt16LE(format.channels, 22)
  h.writeUInt32LE(format.sampleRate, 24)
  h.writeUInt32LE(format.sampleRate * blockAlign, 28) // byte rate
  h.writeUInt16LE(blockAlign, 32)
  h.writeUInt16LE(format.bitsPerSample, 34)
  h.write('data', 36, 'ascii')
  h.writeUInt32LE(dataBytes, 40)
  return h
}

/** A silent recording `seconds` long: its total size in bytes and the stream of those bytes. */
export function silentWav (seconds: number, format: WavFormat = TELEPHONE_WAV): { bytes: number, stream: Readable } {
  const samples = Math.max(0, Math.round(seconds * format.sampleRate))
  // 8-bit PCM is unsigned: its silence is 0x80, not 0.
  const silence = format.bitsPerSample === 8 ? Buffer.alloc(ZEROS.length, 0x80) : ZEROS
  const dataBytes = samples * format.channels * format.bitsPerSample / 8
  function * chunks (): Generator<Buffer> {
    yield wavHeader(dataBytes, format)
    for (let left = dataBytes; left > 0; left -= silence.length) yield left >= silence.length ? silence : silence.subarray(0, left)
  }
  return { bytes: HEADER_BYTES + dataBytes, stream: Readable.from(chunks(), { objectMode: false }) }
}
