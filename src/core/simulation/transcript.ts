/**
 * A synthetic conversation for a call that was answered: alternating agent and user turns over the
 * answered part of the call, from small phrase pools. A pure function of (seed, call, agent name):
 * the same call always has the same transcript, on every request and across restarts. Each
 * surface formats the turns its own way.
 */
import type { CallRecord } from '../model/records.js'
import { hash32, mulberry32 } from './random.js'

export interface TranscriptTurn {
  role: 'agent' | 'user'
  text: string
  /** Seconds from the call's start (its first ring). */
  startSeconds: number
  endSeconds: number
}

const OPENERS_USER = ['Hello?', 'Yes, speaking.', 'Hi, who is this?', 'Hello, yes?']
const ASKS = [
  'I am calling about the offer we sent you last week. Do you have a couple of minutes?',
  'I wanted to follow up on your recent enquiry. Is now a good time?',
  'We are reaching out to a few customers about our new plan. May I tell you about it?',
  'I am calling to confirm a few details on your account. Is that all right?'
]
const USER_REPLIES = [
  'Sure, go ahead.', 'I have a few minutes, yes.', 'Okay, what is it about?', 'Yes, that is fine.',
  'Could you repeat that, please?', 'I am not sure, tell me more.', 'That sounds interesting.',
  'How much does it cost?', 'Can you send me the details by email?', 'I would need to think about it.'
]
const AGENT_TURNS = [
  'Of course. The plan includes priority support and a monthly review.',
  'It starts at a small monthly fee, and the first month is free.',
  'I can send you a summary by email right after this call.',
  'Many customers in your area have switched this year.',
  'Would a follow-up call next week suit you?',
  'Let me note that down for you.',
  'I understand. There is no obligation at all.',
  'Thank you, that helps a lot.'
]
const AGENT_CLOSERS = ['Thank you for your time. Have a great day!', 'Thanks for talking with me. Goodbye!', 'I appreciate your time. Take care!']
const USER_CLOSERS = ['Thanks, bye.', 'Okay, goodbye.', 'Bye now.', 'Thank you, you too.']

/** Whether the call has a conversation to transcribe: it was answered and someone talked. */
export function hasConversation (call: Pick<CallRecord, 'status' | 'answer_duration_seconds'>): boolean {
  return call.status === 'completed' && (call.answer_duration_seconds ?? 0) > 0
}

/**
 * The turns of an answered call, or [] when it had no conversation. Turns share the answered time
 * (duration minus the ring) equally, agent first.
 */
export function syntheticTranscript (seed: number, call: CallRecord, agentName: string): TranscriptTurn[] {
  if (!hasConversation(call)) return []
  const answered = call.answer_duration_seconds as number
  const duration = Math.max(call.duration_seconds ?? answered, answered)
  const offset = duration - answered
  const rng = mulberry32(hash32(`transcript:${seed}:${call.batch_id}:${call.seq}:${call.attempt}`))
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]
  // About one turn per 8 s of talk, at least an exchange, at most 40 turns.
  const turns = Math.min(40, Math.max(2, 2 * Math.round(answered / 16)))
  const texts: Array<{ role: 'agent' | 'user', text: string }> = []
  const firstName = call.name === null ? '' : ` ${call.name.split(' ')[0]}`
  texts.push({ role: 'agent', text: `Hello${firstName}, this is ${agentName} calling.` })
  if (turns >= 4) texts.push({ role: 'user', text: pick(OPENERS_USER) })
  if (turns >= 6) texts.push({ role: 'agent', text: pick(ASKS) })
  // Middle turns alternate user, agent; the call ends with the agent's goodbye and the user's.
  while (texts.length < turns - 2) {
    texts.push(texts.length % 2 === 1 ? { role: 'user', text: pick(USER_REPLIES) } : { role: 'agent', text: pick(AGENT_TURNS) })
  }
  if (turns >= 4) texts.push({ role: 'agent', text: pick(AGENT_CLOSERS) })
  texts.push({ role: 'user', text: pick(USER_CLOSERS) })
  const each = answered / texts.length
  return texts.map((t, i) => ({
    role: t.role,
    text: t.text,
    startSeconds: Math.round((offset + i * each) * 10) / 10,
    endSeconds: Math.round((offset + (i + 1) * each) * 10) / 10
  }))
}
