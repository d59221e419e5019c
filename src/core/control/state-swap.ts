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

/**
 * Runs `fill` on an emptied database, in one transaction. Foreign keys are off for the swap so the
 * tables empty in any order at truncate speed (fixtures are checked beforehand; the seed is ours).
 */
export function replaceState (db: Db, fill: () => void): void {
  const tables = userTables(db)
  const hasSequence = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get() !== undefined
  db.pragma('foreign_keys = OFF')
  try {
    db.transaction(() => {
      for (const table of tables) db.prepare(`DELETE FROM "${table.replace(/"/g, '""')}"`).run()
      if (hasSequence) db.prepare('DELETE FROM sqlite_sequence').run()
      fill()
    })()
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
