/**
 * A synthetic transcript of a call that was answered: alternating turns (the callee speaks first,
 * as on an outbound call), filling the talk time. A pure function of (seed, call id): the same call
 * always says the same thing, at the same offsets, on every read and every run. Provider-neutral:
 * each surface maps the turns to its own message shape.
 */
import type { CallRecord } from '../model/records.js'
import { hash32, mulberry32 } from './random.js'

export interface TranscriptTurn {
  role: 'agent' | 'user'
  text: string
  /** Seconds from the moment the call was answered. */
  startSeconds: number
  endSeconds: number
}

/** Seconds of talk per turn, on average (a turn and the pause after it). */
const SECONDS_PER_TURN = 8
const MAX_TURNS = 60

const OPENERS = ['Hello?', 'Hi, who is this?', 'Hello, yes?', 'Yes, speaking.']
const MIDDLE_AGENT = [
  'I wanted to follow up on your recent enquiry with {company}.',
  'Do you have a couple of minutes to talk about it?',
  'That makes sense. Would a call later this week suit you better?',
  'I can send the details to you by email after this call.',
  'Just to confirm, is this still the best number to reach you on?',
  'Great. I will note that down for the team.',
  'Is there anything else you would like to know before we go ahead?',
  'Thanks, that is really helpful.'
]
const MIDDLE_USER = [
  'Sure, I have a few minutes.',
  'Can you tell me a bit more about it?',
  'I think so, yes.',
  'Not right now, but maybe next week.',
  'Yes, email works for me.',
  'That sounds good.',
  'How much would that cost?',
  'No, I think that covers it.'
]
const CLOSERS_AGENT = ['Thank you for your time, {name}. Have a great day!', 'Thanks {name}, goodbye!', 'Perfect, we will be in touch. Goodbye!']
const CLOSERS_USER = ['Thanks, bye.', 'Okay, goodbye.', 'Bye now.']

const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)]
const ms = (s: number): number => Math.round(s * 1000) / 1000

/**
 * The turns of a call that talked for `call.answer_duration_seconds` (none when it never talked).
 * Offsets are in seconds from the answer, to the millisecond; every turn ends within the talk time.
 */
export function transcript (seed: number, call: CallRecord, agentName: string): TranscriptTurn[] {
  const talk = call.answer_duration_seconds ?? 0
  if (talk <= 0) return []
  const rng = mulberry32(hash32(`transcript:${seed}:${call.call_id}`))
  const name = call.name?.split(' ')[0] ?? 'there'
  const company = call.metadata['Company Name'] ?? 'us'
  const fill = (s: string) => s.replace('{name}', name).replace('{company}', company)
  const n = Math.max(2, Math.min(MAX_TURNS, Math.round(talk / SECONDS_PER_TURN)))
  const slot = talk / n
  const turns: TranscriptTurn[] = []
  for (let i = 0; i < n; i++) {
    const role: TranscriptTurn['role'] = i % 2 === 0 ? 'user' : 'agent'
    let text: string
    if (i === 0) text = pick(rng, OPENERS)
    else if (i === 1) text = `Hi ${name}, this is ${agentName} calling. ${fill(pick(rng, MIDDLE_AGENT))}`
    else if (i === n - 1) text = fill(pick(rng, role === 'agent' ? CLOSERS_AGENT : CLOSERS_USER))
    else text = fill(pick(rng, role === 'agent' ? MIDDLE_AGENT : MIDDLE_USER))
    const start = i * slot + slot * (0.05 + rng() * 0.15)
    const end = start + slot * (0.55 + rng() * 0.2)
    turns.push({ role, text, startSeconds: ms(start), endSeconds: ms(Math.min(end, talk)) })
  }
  return turns
}
