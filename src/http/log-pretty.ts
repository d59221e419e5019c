/**
 * Human-readable logs for a terminal, without a dependency (pino-pretty and its tree stay out of
 * the image): pino writes JSON lines into this stream, which prints
 * `10:30:00.123 INFO  GET /api/v1/public/me 200 1.2ms acc_abc123 sk_…key`.
 * Off a terminal the server logs JSON, one object per line.
 */
import { Writable } from 'node:stream'

const LEVELS: Record<number, [string, string]> = {
  10: ['TRACE', '\x1b[90m'],
  20: ['DEBUG', '\x1b[36m'],
  30: ['INFO ', '\x1b[32m'],
  40: ['WARN ', '\x1b[33m'],
  50: ['ERROR', '\x1b[31m'],
  60: ['FATAL', '\x1b[35m']
}
const DIM = '\x1b[2m'
const RESET = '\x1b[0m'
/** Fields that are either in the message already or noise in a terminal. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'method', 'url', 'status', 'ms', 'account', 'key', 'error_code', 'scenario', 'fault'])

function clock (epochMs: number): string {
  const d = new Date(epochMs)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
}

/** One JSON log line → one readable line (unparseable input passes through unchanged). */
export function formatLine (line: string, colors: boolean): string {
  let o: Record<string, unknown>
  try { o = JSON.parse(line) as Record<string, unknown> } catch { return line }
  const [name, color] = LEVELS[o.level as number] ?? ['LOG  ', '']
  const c = (code: string, s: string) => colors ? `${code}${s}${RESET}` : s
  const parts = [c(DIM, clock(typeof o.time === 'number' ? o.time : Date.now())), c(color, name), String(o.msg ?? '')]
  for (const k of ['account', 'key', 'error_code', 'scenario']) {
    if (o[k] !== undefined && o[k] !== null) parts.push(c(DIM, String(o[k])))
  }
  const extra = Object.entries(o).filter(([k]) => !HIDDEN.has(k))
  for (const [k, v] of extra) {
    if (k === 'err' && typeof v === 'object' && v !== null) {
      parts.push(`\n    ${String((v as { stack?: string, message?: string }).stack ?? (v as { message?: string }).message)}`)
    } else {
      parts.push(c(DIM, `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`))
    }
  }
  return parts.join(' ')
}

/** A stream for pino's `stream` option that writes formatted lines to `out`. */
export function prettyStream (out: NodeJS.WritableStream, colors = true): Writable {
  let pending = ''
  return new Writable({
    write (chunk: Buffer | string, _enc, done) {
      pending += chunk.toString()
      let nl: number
      let text = ''
      while ((nl = pending.indexOf('\n')) !== -1) {
        text += formatLine(pending.slice(0, nl), colors) + '\n'
        pending = pending.slice(nl + 1)
      }
      if (text === '') { done(); return }
      if (out.write(text)) done()
      else out.once('drain', () => done())
    }
  })
}
