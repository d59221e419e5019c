/**
 * A synthetic transcript of a call that connected: who said what, and when (seconds from the
 * call's start), as every provider's call views need one (Cartesia's `transcript`, Ultravox's
 * messages, TechLadder's transcript text). Provider-neutral: each surface maps the roles and fields
 * to its own JSON. A pure function of (seed, call): the same call always reads the same, on every
 * server with the same seed, whichever order calls are read in.
 */
import type { CallRecord } from '../model/records.js'
import { hash32, mulberry32 } from './random.js'

export interface TranscriptTurn {
  role: 'agent' | 'user'
  text: string
  /** Seconds from the start of the call (its first ring), one decimal. */
  startSeconds: number
  endSeconds: number
}

/** What the transcript depends on: the call's id, timings, why it ended, and the callee's name. */
export type TranscriptCall = Pick<CallRecord, 'call_id' | 'duration_seconds' | 'answer_duration_seconds' | 'disconnect_reason' | 'name'>

const GREETINGS = [
  'Hi{name}, this is an automated assistant calling on behalf of our team. Do you have a minute?',
  'Hello{name}! I\'m calling about your recent enquiry. Is now a good time?',
  'Good day{name}, I\'m the virtual assistant following up on your account. Can we talk briefly?'
]
/** What the callee says on picking up, when the callee speaks first. */
const CALLEE_HELLOS = ['Hello?', 'Hi, who is this?', 'Hello, yes?', 'Yes, speaking.']
/** The agent's first words after the callee's hello: it introduces itself. */
const INTRODUCTIONS = [
  'Hi{name}, this is {agent} calling on behalf of our team. Do you have a minute?',
  'Hello{name}, {agent} here, about your recent enquiry. Is now a good time?'
]
const USER_OPENERS = ['Sure, go ahead.', 'Yes, I have a couple of minutes.', 'Okay, what is this about?', 'Hi. Yes, that\'s fine.']
const AGENT_LINES = [
  'Thanks. I wanted to confirm a few details before your appointment.',
  'We noticed you showed interest in our plans last week.',
  'Could you tell me which option suits you best?',
  'I can book a follow-up call with a specialist if that helps.',
  'Would a time later this week work for you?',
  'Let me note that down for you.',
  'Is there anything else you would like us to know?',
  'I can also send the details by message after this call.'
]
const USER_LINES = [
  'I\'d like to know more about the pricing.',
  'Thursday afternoon would work.',
  'I\'m not sure yet, I need to check with my family.',
  'Yes, please send me the details.',
  'Can you repeat the last part?',
  'That sounds good to me.',
  'No, I think that covers it.',
  'What are the next steps?'
]
const CLOSINGS = ['Thank you for your time. Have a great day!', 'Thanks, that\'s all for now. Goodbye!', 'Great, you\'ll hear from us soon. Bye!']
const USER_CLOSINGS = ['Thanks, bye.', 'Okay, goodbye.', 'Bye!']
const VOICEMAIL = 'Hi{name}, this is an automated assistant returning your enquiry. Please call us back at your convenience. Thank you!'

const tenth = (x: number) => Math.round(x * 10) / 10

/** Whether a call has a conversation to transcribe: it was answered and someone talked. */
export function hasConversation (call: Pick<CallRecord, 'status' | 'answer_duration_seconds'>): boolean {
  return call.status === 'completed' && (call.answer_duration_seconds ?? 0) > 0
}

export interface TranscriptOptions {
  /**
   * Who speaks first once the call is answered: the agent (its greeting opens the call), or the
   * callee ("Hello?"), after whom the agent introduces itself. Providers differ: each surface
   * passes what its agents do on an outbound call.
   */
  firstSpeaker?: 'agent' | 'user'
  /** The agent's name, said when it introduces itself ("Hello Asha, this is Outreach Agent calling."). */
  agentName?: string
}

/**
 * The turns of a call that connected, from the answer (duration - answer_duration) to its end.
 * An unanswered call (no talk time) has none. A call that reached voicemail has one agent turn.
 */
export function syntheticTranscript (seed: number, call: TranscriptCall, options: TranscriptOptions = {}): TranscriptTurn[] {
  const duration = call.duration_seconds ?? 0
  const talk = Math.min(duration, call.answer_duration_seconds ?? 0)
  if (talk <= 0) return []
  const rng = mulberry32(hash32(`transcript:${seed}:${call.call_id}`))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]
  const first = call.name?.split(' ')[0]
  const named = (s: string) => s.replace('{name}', first === undefined || first === '' ? '' : ` ${first}`)
    .replace('{agent}', options.agentName ?? 'the assistant')
  const userFirst = options.firstSpeaker === 'user'
  const start = duration - talk

  if (call.disconnect_reason === 'voicemail') {
    return [{ role: 'agent', text: named(VOICEMAIL), startSeconds: tenth(start + Math.min(1, talk / 4)), endSeconds: tenth(duration - Math.min(1, talk / 8)) }]
  }

  // Turns alternate; their number follows the talk time (one turn per ~6 s, 2 to 60), and is even,
  // so the one who spoke first is answered last.
  const count = 2 * Math.max(1, Math.min(30, Math.round(talk / 12)))
  const texts: Array<{ role: TranscriptTurn['role'], text: string }> = []
  for (let i = 0; i < count; i++) {
    const role = (i % 2 === 0) !== userFirst ? 'agent' : 'user'
    const last = i >= count - 2
    let text: string
    if (i === 0) text = userFirst ? pick(CALLEE_HELLOS) : options.agentName !== undefined ? named('Hello{name}, this is {agent} calling.') : named(pick(GREETINGS))
    else if (i === 1) text = userFirst ? named(pick(INTRODUCTIONS)) : pick(USER_OPENERS)
    else if (last) text = role === 'agent' ? pick(CLOSINGS) : pick(USER_CLOSINGS)
    else text = role === 'agent' ? pick(AGENT_LINES) : pick(USER_LINES)
    texts.push({ role, text })
  }
  // Each turn gets a share of the talk time by its length, with a short pause before it.
  const weights = texts.map(t => t.text.length + 20)
  const total = weights.reduce((s, w) => s + w, 0)
  const turns: TranscriptTurn[] = []
  let at = start
  for (let i = 0; i < texts.length; i++) {
    const share = talk * weights[i] / total
    const pause = Math.min(0.8, share * (0.1 + rng() * 0.2))
    const from = at + pause
    at += share
    turns.push({ ...texts[i], startSeconds: tenth(from), endSeconds: tenth(Math.min(at, duration)) })
  }
  return turns
}
