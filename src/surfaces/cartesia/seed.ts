/**
 * Shapes the synthetic batches the core's seeder made for Cartesia's organizations into Cartesia
 * batches (deterministic from the seed, run after the seeder):
 *
 * - each gets a name, a from-number of its organization (now and then a SIP trunk, with a region)
 *   and the fields Cartesia keeps beside the core's (`extra`);
 * - batches the seeder made `failed` become what Cartesia calls failed: every recipient failed
 *   before dialing (no call record);
 * - the main organization's first completed batch with unanswered calls was retried once: those
 *   recipients have a second call attempt, the first one kept;
 * - the organizations' calls are dialed in time order (the order the calls lists walk, newest
 *   first), so the agent-wide list reads back in time.
 *
 * The repositories write what the simulation changes; a seeded batch's label (name, from-number) and
 * a seeded call's place in the order of dialing are written once here, each with one statement (a
 * call whose status changes goes through the repository, which keeps the status counts).
 */
import type { Db } from '../../core/store/database.js'
import type { Repositories } from '../../core/store/index.js'
import type { SeedOptions } from '../../core/seed/index.js'
import { makeCall } from '../../core/simulation/call-description.js'
import { createSeededFaker } from '../../core/simulation/faker.js'
import { hash32 } from '../../core/simulation/random.js'
import type { BatchRecord, CallRecord, CallStatus } from '../../core/model/records.js'
import { CARTESIA_ACCOUNTS } from './documented.js'
import { keyedId } from './ids.js'
import type { BatchExtra } from './presenters.js'

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const THEMES = ['outreach', 'renewal reminders', 'appointment confirmations', 'payment reminders', 'survey follow-ups', 'onboarding calls', 'win-back campaign', 'event invitations']
const REGIONS = ['US', 'EU', 'APAC'] as const
const RINGING = [30, 45, 60, 60]
const PRE_DIAL_ERRORS = ['The number is unreachable', 'The number is not in service', 'The carrier rejected the call']
const UNANSWERED: readonly CallStatus[] = ['failed', 'no_answer', 'busy']

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + 'Z'

interface DialEntry {
  /** When the attempt was dialed (its place in the order of dialing). */
  time: string
  batchId: string
  seq: number
  attempt: number
  ord: number
}

export function shapeCartesiaSeed (db: Db, repos: Repositories, options: SeedOptions): void {
  const { accounts, batches, calls } = repos
  const setLabel = db.prepare<[string, string, string, string]>('UPDATE batches SET name = ?, from_number_id = ?, did_number = ? WHERE schedule_id = ?')
  const setDialOrder = db.prepare<[number | null, string, number]>('UPDATE calls SET dialed_ord = ? WHERE batch_id = ? AND seq = ?')
  const maxOrd = (db.prepare('SELECT MAX(dialed_ord) FROM calls').pluck().get() as number | null) ?? 0

  db.transaction(() => {
    /** Latest attempts to write (with their status before, and whether more than their place changed), and second attempts of retried calls. */
    const latest = new Map<string, { call: CallRecord, previous: CallStatus, changed: boolean }>()
    const retries = new Map<string, CallRecord>()
    const entries: DialEntry[] = []
    const key = (batchId: string, seq: number) => `${batchId}:${seq}`
    const touched: BatchRecord[] = []
    let retried: BatchRecord | undefined

    for (const account of accounts.listAccounts().filter(a => a.provider === 'cartesia')) {
      const numbers = accounts.listPhoneNumbers(account.account_id)
      const direct = numbers.filter(n => n.kind !== 'sip_trunk')
      const trunks = numbers.filter(n => n.kind === 'sip_trunk')
      const seeded = batches.listForAccount(account.account_id).filter(b => !b.frozen).reverse() // oldest first
      for (const b of seeded) {
        const h = hash32(`cartesia-seed:${options.seed}:${b.schedule_id}`)
        const viaTrunk = trunks.length > 0 && (h % 4 === 0 || direct.length === 0)
        const number = viaTrunk ? trunks[(h >>> 4) % trunks.length] : direct[(h >>> 4) % direct.length]
        if (number !== undefined) setLabel.run(`${MONTHS[new Date(b.created_at).getUTCMonth()]} ${THEMES[(h >>> 8) % THEMES.length]}`, number.number_id, number.number, b.schedule_id)
        const extra: BatchExtra = {
          region: viaTrunk ? REGIONS[(h >>> 12) % REGIONS.length] : 'US',
          ringing_timeout_seconds: RINGING[(h >>> 16) % RINGING.length],
          max_call_duration_minutes: b.max_duration_seconds_per_call === null ? 480 : Math.ceil(b.max_duration_seconds_per_call / 60)
        }
        const shaped: BatchRecord = { ...b, extra: { ...extra } }
        const startMs = Date.parse(b.started_at ?? b.created_at)
        let lastMs = Date.parse(b.updated_at)
        const batchCalls = calls.all(b.schedule_id)
        if (b.status === 'failed') {
          // Every recipient handed to the dialer and refused before a call was placed.
          batchCalls.forEach((c, i) => {
            const t = iso(startMs + (i + 1) * 2000)
            lastMs = startMs + (i + 1) * 2000
            latest.set(key(b.schedule_id, c.seq), {
              previous: c.status,
              changed: true,
              call: {
                ...c, status: 'failed', dial_error: PRE_DIAL_ERRORS[(h + c.seq) % PRE_DIAL_ERRORS.length], started_at: t, ended_at: t,
                duration_seconds: 0, answer_duration_seconds: 0, disconnect_reason: 'number_unreachable',
                transcript_status: 'failed', analysis_status: 'failed', summary: null, outcomes: {}, recording_available: false
              }
            })
            entries.push({ time: t, batchId: b.schedule_id, seq: c.seq, attempt: c.attempt, ord: 0 })
          })
          shaped.status = 'completed'
          shaped.started_at = iso(startMs)
          shaped.updated_at = iso(lastMs)
          shaped.drained_at = iso(lastMs)
        } else {
          for (const c of batchCalls) {
            if (c.dialed_ord === null) continue
            latest.set(key(b.schedule_id, c.seq), { call: c, previous: c.status, changed: false })
            entries.push({ time: c.started_at ?? b.updated_at, batchId: b.schedule_id, seq: c.seq, attempt: c.attempt, ord: 0 })
          }
          if (b.status === 'completed') shaped.drained_at = b.updated_at
        }
        touched.push(shaped)
        if (retried === undefined && account.account_id === CARTESIA_ACCOUNTS.main && b.status === 'completed' && batchCalls.some(c => UNANSWERED.includes(c.status))) {
          retried = shaped
        }
      }
    }

    // The retried batch: its unanswered recipients dialed again, 45 s apart, from 10 minutes after it ended.
    if (retried !== undefined) {
      const b = retried
      const f = createSeededFaker(hash32(`cartesia-retry:${options.seed}:${b.schedule_id}`))
      const agent = accounts.getAgent(b.account_id, b.agent_id)
      let at = Date.parse(b.updated_at) + 600_000
      let last = at
      for (const c of calls.all(b.schedule_id).filter(x => UNANSWERED.includes(x.status))) {
        const status: CallStatus = f.number.float() < 0.6 ? 'completed' : f.number.float() < 0.6 ? 'no_answer' : 'busy'
        let callId: string
        let n = 0
        do callId = keyedId('ac_', `seed-retry:${b.schedule_id}:${c.seq}:${n++}`)
        while (calls.callIdTaken(callId))
        const made = makeCall(f, { batch: b, outcomeKeys: agent?.outcome_keys ?? [], seq: c.seq, callId, externalId: c.external_id, status, startedAt: iso(at) })
        retries.set(key(b.schedule_id, c.seq), {
          ...c,
          call_id: callId,
          attempt: c.attempt + 1,
          status,
          duration_seconds: made.duration_seconds,
          answer_duration_seconds: made.answer_duration_seconds,
          disconnect_reason: made.disconnect_reason,
          transcript_status: made.transcript_status,
          analysis_status: made.analysis_status,
          summary: made.summary,
          outcomes: made.outcomes,
          recording_available: made.recording_available,
          started_at: made.started_at,
          ended_at: made.ended_at,
          dial_error: null
        })
        entries.push({ time: iso(at), batchId: b.schedule_id, seq: c.seq, attempt: c.attempt + 1, ord: 0 })
        last = Math.max(last, Date.parse(made.ended_at ?? iso(at)))
        at += 45_000
      }
      if (retries.size > 0) {
        b.retry_count = 1
        b.updated_at = iso(last)
        b.drained_at = iso(last)
      }
    }

    // Dial order follows time: the calls lists are newest first by it.
    entries.sort((x, y) => x.time.localeCompare(y.time) || x.batchId.localeCompare(y.batchId) || x.seq - y.seq || x.attempt - y.attempt)
    const ords = new Map<string, number>()
    entries.forEach((e, i) => ords.set(`${e.batchId}:${e.seq}:${e.attempt}`, maxOrd + 1 + i))
    for (const [k, { call, previous, changed }] of latest) {
      const first = { ...call, dialed_ord: ords.get(`${k}:${call.attempt}`) ?? call.dialed_ord }
      if (changed) calls.update(first, previous)
      else setDialOrder.run(first.dialed_ord, first.batch_id, first.seq)
      const next = retries.get(k)
      if (next !== undefined) {
        calls.archiveAttempt(first)
        calls.update({ ...next, dialed_ord: ords.get(`${k}:${next.attempt}`) ?? null }, first.status)
      }
    }

    // Counters follow the calls as they are now.
    for (const b of touched) {
      const counts = calls.statusCounts(b.schedule_id)
      const n = (s: CallStatus) => counts[s] ?? 0
      b.completed_contacts = n('completed')
      b.failed_contacts = n('failed') + n('no_answer') + n('busy') + n('expired')
      b.pending_contacts = b.total_contacts - b.completed_contacts - b.failed_contacts
      batches.update(b)
    }
  })()
}
