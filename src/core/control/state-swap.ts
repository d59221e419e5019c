/**
 * Whole-state swaps of the control plane: empty every table and fill it again (a reseed, a fixture
 * import), in one transaction: a request never sees half a state.
 */
import type { Db } from '../store/database.js'

/** Every table of the schema, whoever added it (other features add tables through migrations). */
export function userTables (db: Db): string[] {
  return db.prepare<[], string>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all()
}

interface Swap {
  /** Empties every table (and sqlite_sequence), in one transaction with the fill. */
  emptyAndFill: (fill: () => void) => void
}

/**
 * Per connection, prepared on its first swap: a reset runs in a few ms, and preparing a dozen
 * statements each time was a good part of that. The tables are the schema's after migration
 * (attached templates are other schemas).
 */
const swaps = new WeakMap<Db, Swap>()

function swapOf (db: Db): Swap {
  let swap = swaps.get(db)
  if (swap === undefined) {
    const deletes = userTables(db).map(table => db.prepare(`DELETE FROM main."${table.replace(/"/g, '""')}"`))
    if (db.prepare("SELECT 1 FROM main.sqlite_master WHERE name = 'sqlite_sequence'").get() !== undefined) {
      deletes.push(db.prepare('DELETE FROM main.sqlite_sequence'))
    }
    const emptyAndFill = db.transaction((fill: () => void) => {
      for (const d of deletes) d.run()
      fill()
    })
    swap = { emptyAndFill }
    swaps.set(db, swap)
  }
  return swap
}

/**
 * Runs `fill` on an emptied database, in one transaction. Foreign keys are off for the swap so the
 * tables empty in any order at truncate speed (fixtures are checked beforehand; the seed is ours).
 */
export function replaceState (db: Db, fill: () => void): void {
  const swap = swapOf(db)
  // Not a prepared PRAGMA kept for later: SQLite sets the foreign_keys flag when the statement is
  // compiled, and running it again does nothing.
  db.pragma('foreign_keys = OFF')
  try {
    swap.emptyAndFill(fill)
  } finally {
    db.pragma('foreign_keys = ON')
  }
}

export interface StateCounts {
  accounts: number
  api_keys: number
  agents: number
  batches: number
  calls: number
}

/** Record counts of the whole state (calls from the batches' totals: no scan of the calls table). */
export function stateCounts (db: Db): StateCounts {
  return db.prepare<[], StateCounts>(`
    SELECT (SELECT COUNT(*) FROM accounts) AS accounts, (SELECT COUNT(*) FROM api_keys) AS api_keys,
      (SELECT COUNT(*) FROM agents) AS agents, (SELECT COUNT(*) FROM batches) AS batches,
      (SELECT COALESCE(SUM(total_contacts), 0) FROM batches) AS calls`).get() as StateCounts
}
