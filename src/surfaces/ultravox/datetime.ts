/**
 * Date-times as DRF reads and writes them. Written: ISO 8601 in UTC with `Z`, microseconds only
 * when not zero (`2023-11-07T05:31:56Z`, `2026-06-15T16:00:00.123000Z`). Read: what Django's
 * parse_datetime takes (`T` or a space, optional seconds and fraction, `Z` or an offset; a naive
 * value is UTC; a date alone is midnight UTC).
 */

export interface Instant {
  /** ms since the epoch (the simulation's resolution). */
  ms: number
  /** The value as DRF writes it back (sub-millisecond digits kept). */
  text: string
}

/** DRF's DateTimeField message for anything it cannot read. */
export const DATETIME_FORMAT_MESSAGE = 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'

const DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` for an instant in ms (plus sub-ms microseconds). */
export function drfTime (ms: number, extraMicros = 0): string {
  const d = new Date(ms)
  const micros = d.getUTCMilliseconds() * 1000 + extraMicros
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  return micros === 0 ? `${base}Z` : `${base}.${pad(micros, 6)}Z`
}

/** A stored ISO timestamp as DRF writes it (null stays null). */
export function drfTimeOf (iso: string | null): string | null {
  return iso === null ? null : drfTime(Date.parse(iso))
}

/** Reads a date-time the way DRF does; undefined when it cannot. */
export function parseDrfTime (value: unknown): Instant | undefined {
  if (typeof value !== 'string') return undefined
  const m = DATETIME.exec(value.trim())
  if (m === null) return undefined
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', tz] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() // leap-year safe below
  if (day > (month === 2 ? (isLeap(year) ? 29 : 28) : daysInMonth)) return undefined
  const micros = Number(frac.padEnd(6, '0'))
  let offsetMinutes = 0
  if (tz !== undefined && tz !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1
    const digits = tz.slice(1).replace(':', '')
    const oh = Number(digits.slice(0, 2))
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
    if (oh > 23 || om > 59) return undefined
    offsetMinutes = sign * (oh * 60 + om)
  }
  const utc = new Date(0)
  utc.setUTCFullYear(year, month - 1, day)
  utc.setUTCHours(hour, minute, second, Math.floor(micros / 1000))
  const ms = utc.getTime() - offsetMinutes * 60_000
  if (!Number.isFinite(ms) || ms < Date.UTC(1, 0, 1) || ms > Date.parse('9999-12-31T23:59:59.999Z')) return undefined
  return { ms, text: drfTime(ms, micros % 1000) }
}

function isLeap (y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}
