import Database from 'better-sqlite3'
import { MIGRATIONS } from './migrations.js'

export type Db = Database.Database

/**
 * Opens the one better-sqlite3 handle: `:memory:` by default, a file when asked.
 * A file is held with an exclusive lock for as long as the server runs: one writer per database,
 * so a second server on the same file refuses to start (two would each keep their own state and
 * fight over the file). The OS drops the lock if the process dies. Files get WAL so a long read never
 * blocks the simulation's writes; every handle gets foreign keys and a busy timeout. Migrations run
 * inside one transaction. `image` (in-memory databases only) starts it as a copy of a serialized one.
 */
export function openDatabase (path: string = ':memory:', image?: Buffer): Db {
  let db: Db | undefined
  try {
    // An image (db.serialize() of a database this process migrated) opens in memory as a copy of it.
    db = image !== undefined && isMemoryPath(path) ? new Database(image) : new Database(path)
    db.pragma('foreign_keys = ON')
    if (!isMemoryPath(path)) {
      // No waiting for the lock: another holder means another server, not a brief write.
      db.pragma('busy_timeout = 0')
      db.pragma('locking_mode = EXCLUSIVE')
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.exec('BEGIN EXCLUSIVE; COMMIT')
    }
    db.pragma('busy_timeout = 5000')
    migrate(db)
  } catch (err) {
    if (db?.open === true) db.close()
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseInUseError(path)
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

/** The file is held by another server (one writer per database). */
export class DatabaseInUseError extends DatabaseOpenError {
  constructor (path: string) {
    super(path, new Error('it is in use by another techladder-mock process (one server per database file)'))
    this.name = 'DatabaseInUseError'
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
/** Whether `path` names an in-memory database rather than a file (SQLite's `:memory:` or ''). */
export function isMemoryPath (path: string): boolean {
  return path === ':memory:' || path === ''
}

export function isSeeded (db: Db): boolean {
  return db.prepare('SELECT EXISTS (SELECT 1 FROM accounts) AS seeded').pluck().get() === 1
}
