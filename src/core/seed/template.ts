/**
 * Seeded templates: the seed is deterministic (the same options and providers always write the same
 * rows), and running faker again costs hundreds of ms, so the first seed of each kind is kept and
 * later ones are copies of it.
 *
 * - Per process, a `db.serialize()` image per (options, providers): a later in-memory database with
 *   the same seed opens from it (`new Database(buffer)`, under a millisecond) instead of seeding.
 * - Per connection, a clone of the seeded tables in an attached in-memory schema: a reset empties
 *   the tables and copies the rows back with INSERT … SELECT *, inside SQLite. Row ids are kept
 *   (some reads order by rowid), and sqlite_sequence, so the copy is the seeded state exactly.
 *
 * Keys include the identity of the providers' seeding functions, so a different provider set never
 * gets another's template; images above MAX_IMAGE_BYTES are not kept (a million-call seed seeds).
 */
import type { Statement } from 'better-sqlite3'
import type { Db } from '../store/database.js'
import type { SeedOptions } from './synthetic.js'

/** The parts of a provider's seeding that make its seeded state (index.ts ProviderSeed). */
interface SeedParts { provider: string, documented?: object, ids?: object, after?: object }

const MAX_IMAGE_BYTES = 64 * 1024 * 1024
const MAX_IMAGES = 4
const SCHEMA = 'seed_template'

const functionIds = new WeakMap<object, number>()
let nextFunctionId = 1
const idOf = (f: object | undefined): number => {
  if (f === undefined) return 0
  let id = functionIds.get(f)
  if (id === undefined) functionIds.set(f, id = nextFunctionId++)
  return id
}

/** What identifies a seeded state: the options and every provider's seeding parts. */
export function templateKey (options: SeedOptions, providers: readonly SeedParts[]): string {
  const parts = providers.map(p => `${p.provider}:${idOf(p.documented)}:${idOf(p.ids)}:${idOf(p.after)}`)
  return `${options.seed}/${options.batchesPerAccount}/${options.callsPerBatch}/${parts.join(',')}`
}

/** Most recently used last. */
const images = new Map<string, Buffer>()

/** The serialized seeded database for `key`, if this process made one. */
export function seededImage (key: string): Buffer | undefined {
  const image = images.get(key)
  if (image !== undefined) {
    images.delete(key)
    images.set(key, image)
  }
  return image
}

/** Keeps an image of `db`, which must hold exactly the seeded state of `key` (nothing else written yet). */
export function rememberSeededImage (key: string, db: Db): void {
  if (images.has(key) || !db.memory || sizeOf(db) > MAX_IMAGE_BYTES) return
  images.set(key, db.serialize())
  while (images.size > MAX_IMAGES) images.delete(images.keys().next().value as string)
}

function sizeOf (db: Db): number {
  return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number)
}

interface TableCopy {
  name: string
  /** Copies the template's rows into the emptied main table. */
  restore: string
  statement?: Statement
}

interface ConnectionTemplate {
  key: string
  schema: string
  tables: TableCopy[]
}

/** Per connection, by key; the first (the start-up seed's) is kept, at most one other beside it. */
const connectionTemplates = new WeakMap<Db, Map<string, ConnectionTemplate>>()
const MAX_TEMPLATES_PER_CONNECTION = 2

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`

/**
 * A free schema name for a new template of `key` on `db`, detaching the newest other template when
 * there are enough already; undefined when `db` already holds one for `key`.
 */
function newTemplateSchema (db: Db, key: string): { templates: Map<string, ConnectionTemplate>, schema: string } | undefined {
  let templates = connectionTemplates.get(db)
  if (templates === undefined) connectionTemplates.set(db, templates = new Map())
  if (templates.has(key)) return undefined
  const used = new Set([...templates.values()].map(t => t.schema))
  if (templates.size >= MAX_TEMPLATES_PER_CONNECTION) {
    const newest = [...templates.values()].pop() as ConnectionTemplate
    templates.delete(newest.key)
    used.delete(newest.schema)
    db.exec(`DETACH DATABASE ${newest.schema}`)
  }
  let n = 0
  while (used.has(`${SCHEMA}_${n}`)) n++
  return { templates, schema: `${SCHEMA}_${n}` }
}

/**
 * Copies the current contents of `db` (which must be exactly the seeded state of `key`) into an
 * attached in-memory schema (replacing the newest other template when there are enough already).
 * Not inside a transaction (ATTACH).
 */
export function captureTemplate (db: Db, key: string): void {
  if (sizeOf(db) > MAX_IMAGE_BYTES) return
  const slot = newTemplateSchema(db, key)
  if (slot === undefined) return
  const { templates, schema } = slot
  db.exec(`ATTACH DATABASE ':memory:' AS ${schema}`)
  const objects = db.prepare<[], { type: string, name: string, tbl_name: string, sql: string }>(
    "SELECT type, name, tbl_name, sql FROM main.sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name").all()
  const hasSequence = db.prepare("SELECT 1 FROM main.sqlite_master WHERE name = 'sqlite_sequence'").get() !== undefined
  const copies: TableCopy[] = []
  // The copy is a clone (same tables, same indexes, by their own SQL), so both copies are
  // INSERT INTO … SELECT * that SQLite runs with its transfer optimization: b-tree records copied
  // as they are, row ids kept (the destination is empty), indexes not rebuilt row by row. It
  // needs foreign keys off, as the swap has them.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number
  db.pragma('foreign_keys = OFF')
  try {
    db.transaction(() => {
      for (const o of objects) {
        db.exec(o.sql.replace(/^CREATE\s+(UNIQUE\s+)?(TABLE|INDEX)\s+/i, (m) => `${m}${schema}.`))
      }
      for (const t of objects.filter(o => o.type === 'table')) {
        // An INSERT into an AUTOINCREMENT table writes its sqlite_sequence row even when it inserts
        // nothing: empty tables are left alone (they are empty after the swap's DELETE).
        if (db.prepare(`SELECT EXISTS (SELECT 1 FROM main.${quote(t.name)})`).pluck().get() === 0) continue
        db.exec(`INSERT INTO ${schema}.${quote(t.name)} SELECT * FROM main.${quote(t.name)}`)
        copies.push(tableRestore(schema, t.name))
      }
      if (hasSequence) {
        db.exec(`CREATE TABLE ${schema}.sequence_copy AS SELECT name, seq FROM main.sqlite_sequence`)
        copies.push(...sequenceRestore(`${schema}.sequence_copy`))
      }
    })()
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys}`)
  }
  templates.set(key, { key, schema, tables: copies })
}

/** A table's rows copied back from the template in `schema` (to an emptied main table). */
const tableRestore = (schema: string, name: string): TableCopy =>
  ({ name, restore: `INSERT INTO main.${quote(name)} SELECT * FROM ${schema}.${quote(name)}` })

/** Last in a restore: the table copies wrote their own sqlite_sequence rows; the seeded state's count. */
const sequenceRestore = (from: string): TableCopy[] => [
  { name: 'sqlite_sequence', restore: 'DELETE FROM main.sqlite_sequence' },
  { name: 'sqlite_sequence', restore: `INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM ${from}` }
]

/**
 * Makes the database file `file` (an image of exactly the seeded state of `key`, with the same
 * schema as `db`: a stored image) the connection's template of `key`, attached as it is: nothing
 * is copied into memory, SQLite reads its pages when a reset copies them. Not inside a transaction.
 */
export function attachTemplateFile (db: Db, key: string, file: string): void {
  const slot = newTemplateSchema(db, key)
  if (slot === undefined) return
  const { templates, schema } = slot
  db.prepare(`ATTACH DATABASE ? AS ${schema}`).run(file)
  const tables = db.prepare<[], string>(
    `SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all()
  const copies: TableCopy[] = []
  for (const name of tables) {
    if (db.prepare(`SELECT EXISTS (SELECT 1 FROM ${schema}.${quote(name)})`).pluck().get() === 0) continue
    copies.push(tableRestore(schema, name))
  }
  const hasSequence = db.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE name = 'sqlite_sequence'`).get() !== undefined
  if (hasSequence) copies.push(...sequenceRestore(`${schema}.sqlite_sequence`))
  templates.set(key, { key, schema, tables: copies })
}

/**
 * Fills the emptied main tables from the connection's template of `key`; false (nothing written)
 * when the connection has none for that key. Call inside the swap's transaction.
 */
export function restoreTemplate (db: Db, key: string): boolean {
  const template = connectionTemplates.get(db)?.get(key)
  if (template === undefined) return false
  for (const t of template.tables) (t.statement ??= db.prepare(t.restore)).run()
  return true
}

/** True when the connection holds a template for `key`. */
export function hasTemplate (db: Db, key: string): boolean {
  return connectionTemplates.get(db)?.has(key) === true
}
