/**
 * A scheduled call's `medium` (ultravox.v1.CallMedium, a protobuf message): read as protobuf's JSON
 * parser reads it (camelCase or the proto's snake_case field names, unknown fields refused, null
 * meaning unset), written back in camelCase. A medium is outgoing (Ultravox places the call itself)
 * when it is `twilio.outgoing`, `telnyx.outgoing`, `plivo.outgoing` or `sip.outgoing`; no medium is
 * WebRTC, Ultravox's default, and every other medium is non-outgoing (the batch's webhook creates it).
 */

export type Medium = Record<string, unknown>

type FieldType = 'string' | 'bool' | 'int' | 'duration' | 'struct' | 'urgency' | { message: string }

/** The message types a medium can hold, field by field (camelCase names). */
const MESSAGES: Record<string, Record<string, FieldType>> = {
  CallMedium: {
    webRtc: { message: 'WebRtcMedium' },
    twilio: { message: 'TwilioMedium' },
    serverWebSocket: { message: 'ServerWebSocketMedium' },
    telnyx: { message: 'TelnyxMedium' },
    plivo: { message: 'PlivoMedium' },
    exotel: { message: 'ExotelMedium' },
    sip: { message: 'SipMedium' }
  },
  WebRtcMedium: { dataMessages: { message: 'EnabledDataMessages' } },
  EnabledDataMessages: Object.fromEntries(['pong', 'state', 'transcript', 'clientToolInvocation', 'dataConnectionToolInvocation',
    'playbackClearBuffer', 'callStarted', 'debug', 'callEvent', 'toolUsed', 'userStartedSpeaking', 'userStoppedSpeaking',
    'invokingTool'].map(k => [k, 'bool' as const])),
  TwilioMedium: { outgoing: { message: 'TelephonyOutgoing' }, dtmfHandling: { message: 'DtmfHandling' } },
  TelnyxMedium: { outgoing: { message: 'TelephonyOutgoing' }, dtmfHandling: { message: 'DtmfHandling' } },
  PlivoMedium: { outgoing: { message: 'TelephonyOutgoing' }, dtmfHandling: { message: 'DtmfHandling' } },
  TelephonyOutgoing: { to: 'string', from: 'string', additionalParams: 'struct' },
  DtmfHandling: { ignore: 'bool', userTextMessage: { message: 'DtmfUserTextMessage' } },
  DtmfUserTextMessage: { text: 'string', urgency: 'urgency' },
  ServerWebSocketMedium: { inputSampleRate: 'int', outputSampleRate: 'int', clientBufferSizeMs: 'int', dataMessages: { message: 'EnabledDataMessages' }, mediaIdleTimeout: 'duration' },
  ExotelMedium: { dtmfHandling: { message: 'DtmfHandling' } },
  SipMedium: { incoming: { message: 'SipIncoming' }, outgoing: { message: 'SipOutgoing' } },
  SipIncoming: {},
  SipOutgoing: { to: 'string', from: 'string', username: 'string', password: 'string' }
}

const URGENCIES = ['URGENCY_UNSPECIFIED', 'URGENCY_IMMEDIATE', 'URGENCY_SOON', 'URGENCY_LATER']
const DURATION = /^-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,9})?s$/
const camel = (k: string) => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
/** Python's name for a JSON value's type (DRF and protobuf messages use it). */
export const pyType = (v: unknown): string =>
  v === null ? 'NoneType' : Array.isArray(v) ? 'list' : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool'
    : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'dict'

class MediumProblem extends Error {}

function readMessage (type: string, value: unknown, path: string): Medium {
  if (!isObject(value)) throw new MediumProblem(`Failed to parse ${path} field: expected an object for ultravox.v1.${type}, got ${pyType(value)}.`)
  const fields = MESSAGES[type]
  const out: Medium = {}
  for (const [rawKey, v] of Object.entries(value)) {
    const key = camel(rawKey)
    const ft = fields[key]
    if (ft === undefined) throw new MediumProblem(`Message type "ultravox.v1.${type}" has no field named "${rawKey}".`)
    if (key in out) throw new MediumProblem(`Message type "ultravox.v1.${type}" should not have multiple "${key}" fields.`)
    if (v === null) continue // null is the default: the field stays unset
    const where = path === '' ? key : `${path}.${key}`
    out[key] = readField(ft, v, where)
  }
  if (type === 'CallMedium' && Object.keys(out).length > 1) throw new MediumProblem('At most one call medium may be set.')
  if (type === 'SipMedium' && Object.keys(out).length !== 1) throw new MediumProblem('Exactly one of incoming or outgoing must be set for a sip medium.')
  return out
}

function readField (ft: FieldType, v: unknown, path: string): unknown {
  const fail = (expected: string): never => { throw new MediumProblem(`Failed to parse ${path} field: expected ${expected}, got ${pyType(v)}.`) }
  if (typeof ft === 'object') return readMessage(ft.message, v, path)
  switch (ft) {
    case 'string': return typeof v === 'string' ? v : fail('a string')
    case 'bool': return typeof v === 'boolean' ? v : fail('a boolean')
    case 'int': {
      const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v
      return typeof n === 'number' && Number.isInteger(n) && Math.abs(n) <= 2147483647 ? n : fail('a 32-bit integer')
    }
    case 'duration': return typeof v === 'string' && DURATION.test(v) ? v : fail('a duration such as "30s"')
    case 'struct': return isObject(v) ? v : fail('an object')
    case 'urgency': return typeof v === 'string' && URGENCIES.includes(v) ? v : fail(`one of ${URGENCIES.join(', ')}`)
  }
}

/** The medium as stored and echoed, or the problem with it (one message, as protobuf reports the first). */
export function readMedium (value: unknown): { medium: Medium | null } | { error: string } {
  if (value === null || value === undefined) return { medium: null }
  try {
    return { medium: readMessage('CallMedium', value, '') }
  } catch (err) {
    if (err instanceof MediumProblem) return { error: err.message }
    throw err
  }
}

const OUTGOING_PROVIDERS = ['twilio', 'telnyx', 'plivo', 'sip'] as const

/** Whether Ultravox places a call with this medium itself (no webhook needed). */
export function isOutgoing (medium: Medium | null | undefined): boolean {
  if (medium === null || medium === undefined) return false
  return OUTGOING_PROVIDERS.some(p => isObject(medium[p]) && isObject((medium[p] as Medium).outgoing))
}

/** Whether the medium is a SIP one (the call then has SIP details). */
export function isSip (medium: Medium | null | undefined): boolean {
  return medium !== null && medium !== undefined && isObject(medium.sip)
}

/** Where an outgoing call goes (`to`), or '' for media Ultravox does not dial. */
export function destinationOf (medium: Medium | null | undefined): string {
  if (medium === null || medium === undefined) return ''
  for (const p of OUTGOING_PROVIDERS) {
    const provider = medium[p]
    if (!isObject(provider) || !isObject(provider.outgoing)) continue
    const to = provider.outgoing.to
    return typeof to === 'string' ? to : ''
  }
  return ''
}
