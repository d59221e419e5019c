/**
 * The simulation's queue: one row of `sim_events` per future state change (due time, batch, call
 * seq, kind), processed in (due_ms, id) order, so the queue survives a restart with a file database
 * and the same clock moves always give the same results. Also the engine state that must survive a
 * restart (`sim_state`: the clock, id counters).
 */
import type { Db } from '../store/database.js'

export type EventKind = 'batch.start' | 'batch.window_end' | 'call.ring' | 'call.answer' | 'call.end' | 'call.transcript' | 'call.analysis'

export interface SimEvent {
  id: number
  due_ms: number
  batch_id: string
  seq: number | null
  kind: EventKind
}

/** Events that move a batch's dialing forward (deleted on cancel/fail); post-call processing goes on. */
const CHAIN_KINDS = "('batch.start', 'batch.window_end', 'call.ring', 'call.answer', 'call.end')"

export function createScheduler (db: Db) {
  const nextStm = db.prepare<[], SimEvent>('SELECT id, due_ms, batch_id, seq, kind FROM sim_events ORDER BY due_ms, id LIMIT 1')
  const insertStm = db.prepare<[number, string, number | null, string]>(
    'INSERT INTO sim_events (due_ms, batch_id, seq, kind) VALUES (?, ?, ?, ?)')
  const deleteStm = db.prepare<[number]>('DELETE FROM sim_events WHERE id = ?')
  const deleteChainStm = db.prepare<[string]>(`DELETE FROM sim_events WHERE batch_id = ? AND kind IN ${CHAIN_KINDS}`)
  const deleteKindStm = db.prepare<[string, string]>('DELETE FROM sim_events WHERE batch_id = ? AND kind = ?')
  const callHasEventStm = db.prepare<[string, number], number>(
    `SELECT 1 FROM sim_events WHERE batch_id = ? AND seq = ? AND kind IN ${CHAIN_KINDS} LIMIT 1`).pluck()
  const nextForBatchStm = db.prepare<[string], number>('SELECT MIN(due_ms) FROM sim_events WHERE batch_id = ?').pluck()
  const counterStm = db.prepare<[string], string>(`
    INSERT INTO sim_state (key, value) VALUES (?, '1')
    ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value`).pluck()
  const dialSavedStm = db.prepare<[], string>("SELECT value FROM sim_state WHERE key = 'dial_counter'").pluck()
  const dialMaxStm = db.prepare<[], number | null>(
    'SELECT MAX(m) FROM (SELECT MAX(dialed_ord) AS m FROM calls UNION ALL SELECT MAX(dialed_ord) FROM call_attempts)').pluck()
  const saveDialStm = db.prepare<[string]>(`
    INSERT INTO sim_state (key, value) VALUES ('dial_counter', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
  /** The last dial ordinal handed out, once read (a scan of the calls' ordinals the first time only). */
  let dial: number | null = null
  const saveClockStm = db.prepare<[string]>(`
    INSERT INTO sim_state (key, value) VALUES ('clock_ms', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
  const clockStm = db.prepare<[], string>("SELECT value FROM sim_state WHERE key = 'clock_ms'").pluck()

  return {
    /** The earliest due event, or undefined. */
    next: (): SimEvent | undefined => nextStm.get(),
    schedule: (dueMs: number, batchId: string, seq: number | null, kind: EventKind): void => { insertStm.run(dueMs, batchId, seq, kind) },
    remove: (id: number): void => { deleteStm.run(id) },
    /** Drops everything that would dial or end a call of the batch (post-call processing stays). */
    removeChain: (batchId: string): void => { deleteChainStm.run(batchId) },
    removeBatchStart: (batchId: string): void => { deleteKindStm.run(batchId, 'batch.start') },
    /** Drops a batch's events of one kind. */
    removeKind: (batchId: string, kind: EventKind): void => { deleteKindStm.run(batchId, kind) },
    callHasEvent: (batchId: string, seq: number): boolean => callHasEventStm.get(batchId, seq) === 1,
    nextForBatch: (batchId: string): number | null => nextForBatchStm.get(batchId) ?? null,
    /** The next value of a persisted counter (1, 2, …). */
    count: (key: string): number => Number(counterStm.get(key)),
    /** The next dial ordinal: store-wide, after every ordinal already in the store (seeded calls have theirs). */
    nextDial: (): number => {
      if (dial === null) {
        const saved = dialSavedStm.get()
        dial = Math.max(saved === undefined ? 0 : Number(saved), dialMaxStm.get() ?? 0)
      }
      dial++
      saveDialStm.run(String(dial))
      return dial
    },
    /** Forget what was read (the state was replaced). */
    forget: (): void => { dial = null },
    saveClock: (ms: number): void => { saveClockStm.run(String(ms)) },
    /** The clock as last saved, or null on a database that never ran. */
    savedClock: (): number | null => {
      const v = clockStm.get()
      return v === undefined ? null : Number(v)
    }
  }
}

export type Scheduler = ReturnType<typeof createScheduler>
