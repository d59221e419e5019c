/**
 * Request bodies as DRF's JSONParser reads them, read lazily by the handler (after authentication
 * and the object lookup, as DRF does): only `application/json` (any parameters) is parsed, anything
 * else is a 415 naming the raw Content-Type; an empty body is `{}`; a body that is not JSON is a 400
 * `JSON parse error - <what Python's json module says>`, with its line, column and character.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { MAX_BODY_DEPTH, deeperThan } from '../../http/plugins/request-guard.js'
import { Errors } from './errors.js'

/** A body as received: the bytes and the Content-Type it came with (parsed when a handler asks). */
export class RawBody {
  constructor (readonly bytes: Buffer, readonly contentType: string | undefined) {}
}

/** Replaces the scope's body parsers: every body is kept raw, whatever its type. */
export function keepBodiesRaw (app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    done(null, new RawBody(body as Buffer, request.headers['content-type']))
  })
}

/** The request's JSON body (`{}` when it has none), or the DRF error. */
export function jsonBody (request: FastifyRequest): unknown {
  const raw = request.body
  if (!(raw instanceof RawBody) || raw.bytes.length === 0) return {}
  const contentType = raw.contentType ?? ''
  const mediaType = contentType.split(';')[0].trim().toLowerCase()
  if (mediaType !== 'application/json') throw Errors.unsupportedMediaType(contentType)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw.bytes)
  } catch {
    throw Errors.parseError(utf8Problem(raw.bytes))
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw Errors.parseError(pythonJsonError(text) ?? 'Expecting value: line 1 column 1 (char 0)')
  }
  if (deeperThan(value, MAX_BODY_DEPTH)) throw Errors.parseError('maximum recursion depth exceeded while decoding a JSON document')
  return value
}

/** Python's UnicodeDecodeError text for the first byte that is not UTF-8. */
function utf8Problem (bytes: Buffer): string {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1
    const hex = `0x${b.toString(16).padStart(2, '0')}`
    if (need < 0) return `'utf-8' codec can't decode byte ${hex} in position ${i}: invalid start byte`
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined) return `'utf-8' codec can't decode byte ${hex} in position ${i}: unexpected end of data`
      if ((c & 0xc0) !== 0x80) return `'utf-8' codec can't decode byte ${hex} in position ${i}: invalid continuation byte`
    }
    i += need + 1
  }
  return `'utf-8' codec can't decode bytes: invalid data`
}

const WS = new Set([' ', '\t', '\n', '\r'])
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y

class JsonProblem extends Error {
  constructor (readonly text: string, readonly pos: number) { super(text) }
}

/**
 * The error Python's json module reports for a document JSON.parse refused: its decoder walked
 * step by step (iteratively, so a deep document cannot overflow the stack).
 */
export function pythonJsonError (s: string): string | null {
  const at = (msg: string, pos: number) => {
    const line = s.slice(0, pos).split('\n').length
    const col = pos - s.lastIndexOf('\n', pos - 1)
    return `${msg}: line ${line} column ${col} (char ${pos})`
  }
  if (s.startsWith('\ufeff')) return at('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0)
  const skip = (i: number) => { while (i < s.length && WS.has(s[i])) i++; return i }
  const fail = (msg: string, pos: number): never => { throw new JsonProblem(msg, pos) }

  /** Reads a string starting at its opening quote; returns the index after the closing quote. */
  const readString = (start: number): number => {
    let i = start + 1
    for (;;) {
      if (i >= s.length) fail('Unterminated string starting at', start)
      const c = s[i]
      if (c === '"') return i + 1
      if (c === '\\') {
        const e = s[i + 1]
        if (e === undefined) fail('Unterminated string starting at', start)
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) fail('Invalid \\uXXXX escape', i + 1)
          i += 6
          continue
        }
        if (!'"\\/bfnrt'.includes(e)) fail(`Invalid \\escape: '${e}'`, i)
        i += 2
        continue
      }
      if (c.charCodeAt(0) < 0x20) fail('Invalid control character at', i)
      i++
    }
  }

  // NaN and the infinities are read by Python's json and refused by DRF's strict parser.
  const stack: Array<{ kind: 'array' | 'object' }> = []
  try {
    let i = skip(0)
    // The decoder's states: expecting a value, or having read one inside the innermost container.
    let state: 'value' | 'after' = 'value'
    for (;;) {
      if (state === 'value') {
        const c = s[i]
        if (c === '{') {
          const j = skip(i + 1)
          if (s[j] === '}') { i = j + 1; state = 'after'; continue }
          if (s[j] !== '"') fail('Expecting property name enclosed in double quotes', j)
          stack.push({ kind: 'object' })
          i = readString(j)
          const k = skip(i)
          if (s[k] !== ':') fail("Expecting ':' delimiter", k)
          i = skip(k + 1)
          continue
        }
        if (c === '[') {
          const j = skip(i + 1)
          if (s[j] === ']') { i = j + 1; state = 'after'; continue }
          stack.push({ kind: 'array' })
          i = j
          continue
        }
        if (c === '"') { i = readString(i); state = 'after'; continue }
        if (s.startsWith('null', i) || s.startsWith('true', i)) { i += 4; state = 'after'; continue }
        if (s.startsWith('false', i)) { i += 5; state = 'after'; continue }
        for (const constant of ['NaN', 'Infinity', '-Infinity']) {
          if (s.startsWith(constant, i)) return `Out of range float values are not JSON compliant: '${constant}'`
        }
        NUMBER.lastIndex = i
        const m = NUMBER.exec(s)
        if (m !== null && m.index === i) { i += m[0].length; state = 'after'; continue }
        fail('Expecting value', i)
      }
      // After a value: close containers or go on to the next element.
      const top = stack[stack.length - 1]
      if (top === undefined) {
        const end = skip(i)
        if (end !== s.length) fail('Extra data', end)
        return null
      }
      const j = skip(i)
      const c = s[j]
      if (top.kind === 'array') {
        if (c === ']') { stack.pop(); i = j + 1; continue }
        if (c !== ',') fail("Expecting ',' delimiter", j)
        i = skip(j + 1)
        state = 'value'
        continue
      }
      if (c === '}') { stack.pop(); i = j + 1; continue }
      if (c !== ',') fail("Expecting ',' delimiter", j)
      const k = skip(j + 1)
      if (s[k] !== '"') fail('Expecting property name enclosed in double quotes', k)
      i = readString(k)
      const colon = skip(i)
      if (s[colon] !== ':') fail("Expecting ':' delimiter", colon)
      i = skip(colon + 1)
      state = 'value'
    }
  } catch (err) {
    if (err instanceof JsonProblem) return at(err.text, err.pos)
    throw err
  }
}
