import Database from 'better-sqlite3'
import { MIGRATIONS } from './migrations.js'

export type Db = Database.Database

/**
 * Opens the one better-sqlite3 handle: `:memory:` by default, a file when asked.
 * Files get WAL so readers never block the simulation's writes; every handle gets
 * foreign keys and a busy timeout. Migrations run inside one transaction.
 */
export function openDatabase (path: string = ':memory:'): Db {
  let db: Db
  try {
    db = new Database(path)
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    if (path !== ':memory:' && path !== '') {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
    }
    migrate(db)
  } catch (err) {
    throw new DatabaseOpenError(path, err as Error)
  }
  return db
}

export class DatabaseOpenError extends Error {
  constructor (readonly path: string, cause: Error) {
    super(`cannot open database ${path}: ${cause.message}`)
    this.name = 'DatabaseOpenError'
  }
}

export function migrate (db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server (${MIGRATIONS.length})`)
  }
  db.transaction(() => {
    for (let v = current; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v])
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`)
  })()
}

/** True when the database already holds accounts (a file database from an earlier run). */
export function isSeeded (db: Db): boolean {
  return db.prepare('SELECT EXISTS (SELECT 1 FROM accounts) AS seeded').pluck().get() === 1
}
