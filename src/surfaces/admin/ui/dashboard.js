// @ts-check
/**
 * techladder-mock dashboard: plain JavaScript, no dependency, no build step. Every view reads the
 * control API (/__admin) with fetch, the same endpoints the typed control client calls, and polls
 * while the tab is visible (nothing is read when it is hidden or the refresh is paused). With an
 * admin token set on the server, the page asks for it once and sends it as X-Admin-Token; it keeps
 * it in sessionStorage (this tab only). Data is always put in the page as text, never as HTML.
 */

/** The control API: /__admin/ui → /__admin/ */
const API = new URL('./', location.href)
const TOKEN_KEY = 'techladder-mock.admin-token'

// ------------------------------------------------------------------------------------------------
// DOM helpers

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id))

/**
 * An element with attributes (text: its text; on<event>: a listener) and children (text or nodes).
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...any} children
 * @returns {HTMLElement}
 */
function h (tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue
    if (k === 'class') el.className = v
    else if (k === 'text') el.textContent = String(v)
    else if (k === 'dataset') Object.assign(el.dataset, v)
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v)
    else el.setAttribute(k, v === true ? '' : String(v))
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue
    el.append(c instanceof Node ? c : String(c))
  }
  return el
}
const SVG_NS = 'http://www.w3.org/2000/svg'
/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {...Node} children
 */
function s (tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v))
  el.append(...children)
  return el
}
/** @param {Element} el @param {string} text */
function setText (el, text) { if (el.textContent !== text) el.textContent = text }
/** @param {Element} el @param {string} name @param {string | null} value */
function setAttr (el, name, value) {
  if (value === null) el.removeAttribute(name)
  else if (el.getAttribute(name) !== value) el.setAttribute(name, value)
}
/** @param {string} id @param {boolean} disabled */
function setDisabled (id, disabled) { /** @type {HTMLButtonElement} */ ($(id)).disabled = disabled }
/** @param {HTMLFormElement} form */
function formValues (form) {
  /** @type {Record<string, string>} */
  const out = {}
  for (const el of Array.from(form.elements)) {
    const input = /** @type {HTMLInputElement} */ (el)
    if (input.name === '') continue
    out[input.name] = input.type === 'checkbox' ? (input.checked ? 'true' : '') : input.value.trim()
  }
  return out
}
/** A query string of the non-empty values. @param {Record<string, unknown>} q */
function qs (q) {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v))
  const text = p.toString()
  return text === '' ? '' : `?${text}`
}
const enc = encodeURIComponent

/**
 * Puts `items` in `tbody` as rows in this order, reusing the row of an item seen before (keyed),
 * so a refresh never replaces the button a keyboard user is on.
 * @template T
 * @param {HTMLElement} tbody
 * @param {T[]} items
 * @param {(item: T) => string} key
 * @param {(item: T) => HTMLElement} create
 * @param {(row: HTMLElement, item: T) => void} update
 */
function syncRows (tbody, items, key, create, update) {
  /** @type {Map<string, HTMLElement>} */
  const existing = new Map()
  for (const row of Array.from(tbody.children)) existing.set(/** @type {HTMLElement} */ (row).dataset.key ?? '', /** @type {HTMLElement} */ (row))
  /** @type {ChildNode | null} */
  let want = tbody.firstChild
  for (const item of items) {
    const k = key(item)
    let row = existing.get(k)
    if (row === undefined) {
      row = create(item)
      row.dataset.key = k
    } else {
      existing.delete(k)
    }
    update(row, item)
    if (row !== want) tbody.insertBefore(row, want)
    want = row.nextSibling
  }
  for (const row of existing.values()) row.remove()
}

// ------------------------------------------------------------------------------------------------
// Formatting

/** '2026-06-01T09:00:10Z' → '2026-06-01 09:00:10' @param {string | null | undefined} iso */
const simTime = (iso) => iso === null || iso === undefined ? '—' : iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '')
/** The time of day of a simulated instant. @param {string | null | undefined} iso */
const simClockTime = (iso) => iso === null || iso === undefined ? '—' : iso.slice(11, 19)
/** @param {number} ms */
const isoOf = (ms) => new Date(ms).toISOString().slice(0, 19) + 'Z'
/** @param {number} seconds */
function duration (seconds) {
  const sgn = seconds < 0 ? '-' : ''
  let x = Math.abs(Math.round(seconds))
  if (x < 60) return `${sgn}${x} s`
  const d = Math.floor(x / 86400); x -= d * 86400
  const hh = Math.floor(x / 3600); x -= hh * 3600
  const mm = Math.floor(x / 60); const ss = x - mm * 60
  if (d > 0) return `${sgn}${d} d ${hh} h`
  if (hh > 0) return `${sgn}${hh} h ${mm} min`
  return `${sgn}${mm} min ${ss} s`
}
/** A wall-clock time, to the millisecond (the journal's). @param {string} iso */
function wallTime (iso) {
  const d = new Date(iso)
  const p = (/** @type {number} */ n, w = 2) => String(n).padStart(w, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
}
/** @param {string} text */
function pretty (text) {
  try { return JSON.stringify(JSON.parse(text), null, 2) } catch { return text }
}
/** @param {number} status */
const statusClass = (status) => status === 0 || status >= 500 ? 'st-bad' : status >= 400 ? 'st-warn' : 'st-ok'

// ------------------------------------------------------------------------------------------------
// The control API

class ApiProblem extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {string[]} details */
  constructor (status, code, message, details) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
  }
}

/** @type {string | null} */
let token = sessionStorage.getItem(TOKEN_KEY)

/**
 * One request to the control API; resolves with the envelope's data, rejects with an ApiProblem.
 * @param {string} method
 * @param {string} path relative to /__admin/
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
async function api (method, path, body) {
  /** @type {Record<string, string>} */
  const headers = {}
  if (token !== null) headers['x-admin-token'] = token
  if (body !== undefined) headers['content-type'] = 'application/json'
  let res
  try {
    res = await fetch(new URL(path, API), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' })
  } catch (err) {
    throw new ApiProblem(0, 'NETWORK', 'The server did not answer', [String(/** @type {Error} */ (err).message)])
  }
  /** @type {any} */
  let json = null
  try { json = await res.json() } catch {}
  if (!res.ok) {
    const problem = new ApiProblem(res.status, json?.error?.code ?? `HTTP_${res.status}`, json?.message ?? res.statusText, json?.error?.details ?? [])
    if (res.status === 401) unauthorized()
    throw problem
  }
  return json.data
}

// ------------------------------------------------------------------------------------------------
// State, messages, polling

const state = {
  /** @type {{ view: string, batchId: string | null }} */
  route: { view: 'batches', batchId: null },
  authed: false,
  interval: 1000,
  /** @type {any[]} */
  accounts: [],
  /** @type {Map<string, string>} account → provider */
  providerOf: new Map(),
  batches: { page: 1, limit: 25 },
  calls: { page: 1, limit: 50 },
  webhooks: { page: 1, limit: 50 },
  /** @type {any} */
  clock: null,
  clockReadAt: 0,
  /** @type {Map<string, any>} the journal entries on screen */
  journal: new Map(),
  /** @type {string | null} the delivery open in the detail dialog */
  openDelivery: null,
  refreshes: 0
}

let announceTimer = 0
/** Says what an action did (a polite live region). @param {string} text */
function announce (text) {
  setText($('announce'), text)
  clearTimeout(announceTimer)
  announceTimer = window.setTimeout(() => setText($('announce'), ''), 8000)
}
/** @type {'poll' | 'action' | null} */
let problemFrom = null
/** @param {unknown} err @param {'poll' | 'action'} from */
function showProblem (err, from) {
  const p = err instanceof ApiProblem ? err : new ApiProblem(0, 'ERROR', String(err), [])
  if (p.status === 401) return
  const el = $('problem')
  setText(el, `${p.status === 0 ? '' : `${p.status} ${p.code}: `}${p.message}${p.details.length > 0 ? `\n${p.details.join('\n')}` : ''}`)
  el.hidden = false
  problemFrom = from
}
/** @param {'poll' | 'action'} from */
function clearProblem (from) {
  if (problemFrom === from || from === 'action') {
    $('problem').hidden = true
    problemFrom = null
  }
}
/** @param {'ok' | 'bad' | ''} kind @param {string} text */
function setConnection (kind, text) {
  const el = $('connection')
  el.className = `connection ${kind}`
  setText(el, text)
}

/** @type {Promise<void> | null} */
let refreshing = null
let again = false
/** Reads the clock and the view on screen (one refresh at a time; one asked for meanwhile runs after). */
function refresh () {
  if (!state.authed) return Promise.resolve()
  if (refreshing !== null) {
    again = true
    return refreshing
  }
  refreshing = (async () => {
    try {
      if (state.refreshes++ % 15 === 0) await loadAccounts()
      await Promise.all([refreshClock(), refreshView()])
      setConnection('ok', state.interval === 0 ? 'updates paused' : 'live')
      clearProblem('poll')
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 401) return
      setConnection('bad', err instanceof ApiProblem && err.status === 0 ? 'server unreachable' : 'error')
      showProblem(err, 'poll')
    } finally {
      refreshing = null
    }
    if (again) {
      again = false
      await refresh()
    }
  })()
  return refreshing
}

let timer = 0
function schedule () {
  clearTimeout(timer)
  if (!state.authed || state.interval === 0) return
  timer = window.setTimeout(async () => {
    if (!document.hidden) await refresh()
    schedule()
  }, state.interval)
}

function refreshView () {
  switch (state.route.view) {
    case 'batch': return refreshBatch()
    case 'requests': return refreshRequests()
    case 'webhooks': return refreshWebhooks()
    default: return refreshBatches()
  }
}

// ------------------------------------------------------------------------------------------------
// The admin token

function unauthorized () {
  const had = token !== null
  state.authed = false
  clearTimeout(timer)
  if (had) {
    sessionStorage.removeItem(TOKEN_KEY)
    token = null
  }
  $('forget-token').hidden = true
  setConnection('bad', 'admin token needed')
  askToken(had ? 'The server refused this admin token.' : 'This server requires its admin token.')
}

/** @param {string} message */
function askToken (message) {
  const dialog = /** @type {HTMLDialogElement} */ ($('token-dialog'))
  const problem = $('token-problem')
  setText(problem, message)
  problem.hidden = message === ''
  if (!dialog.open) dialog.showModal()
  $('token-input').focus()
}

/** Reads what the filters offer (accounts and their providers), then everything on screen. */
async function connect () {
  try {
    await loadAccounts()
  } catch (err) {
    if (err instanceof ApiProblem && err.status === 401) return
    setConnection('bad', 'server unreachable')
    showProblem(err, 'poll')
    window.setTimeout(connect, 3000)
    return
  }
  state.authed = true
  $('forget-token').hidden = token === null
  await refresh()
  schedule()
}

// ------------------------------------------------------------------------------------------------
// Accounts and providers (for the filters)

async function loadAccounts () {
  const accounts = await api('GET', 'accounts')
  state.accounts = accounts
  state.providerOf = new Map(accounts.map((/** @type {any} */ a) => [a.account_id, a.provider]))
  const providers = [...new Set(accounts.map((/** @type {any} */ a) => a.provider))].sort()
  const batchForm = /** @type {HTMLFormElement} */ ($('batch-filters'))
  fillSelect(/** @type {HTMLSelectElement} */ (batchForm.elements.namedItem('provider')), providers.map(p => [p, p]))
  const provider = /** @type {HTMLSelectElement} */ (batchForm.elements.namedItem('provider')).value
  const accountOptions = accounts
    .filter((/** @type {any} */ a) => provider === '' || a.provider === provider)
    .map((/** @type {any} */ a) => [a.account_id, `${a.account_id} (${a.provider}, ${a.name})`])
  fillSelect(/** @type {HTMLSelectElement} */ (batchForm.elements.namedItem('account_id')), accountOptions)
  const requestForm = /** @type {HTMLFormElement} */ ($('request-filters'))
  fillSelect(/** @type {HTMLSelectElement} */ (requestForm.elements.namedItem('account_id')),
    accounts.map((/** @type {any} */ a) => [a.account_id, `${a.account_id} (${a.provider})`]))
}

/**
 * Options after the first ("any"), keeping the choice when it is still offered.
 * @param {HTMLSelectElement} select
 * @param {Array<[string, string]>} options value, label
 */
function fillSelect (select, options) {
  const current = select.value
  const wanted = options.map(([v, l]) => `${v}\u0000${l}`).join('\u0001')
  if (select.dataset.options !== wanted) {
    while (select.options.length > 1) select.remove(1)
    for (const [value, label] of options) select.add(new Option(label, value))
    select.dataset.options = wanted
  }
  select.value = options.some(([v]) => v === current) ? current : ''
}

// ------------------------------------------------------------------------------------------------
// Clock

async function refreshClock () {
  state.clock = await api('GET', 'clock/next-event')
  state.clockReadAt = performance.now()
  renderClock()
}

/** The clock's reading now: in realtime mode it runs on between reads. */
function clockNow () {
  const c = state.clock
  if (c === null) return null
  return c.mode === 'realtime' ? c.time_ms + Math.floor((performance.now() - state.clockReadAt) * c.speed) : c.time_ms
}

/** @param {any} n */
function describeEvent (n) {
  if (n.source === 'webhook') return `webhook ${n.kind} of ${n.batch_id}`
  return `${n.kind} of ${n.batch_id}${n.call_seq === null ? '' : ` (call #${n.call_seq})`}`
}

function renderClock () {
  const c = state.clock
  if (c === null) return
  const now = /** @type {number} */ (clockNow())
  const time = /** @type {HTMLTimeElement} */ ($('clock-time'))
  setText(time, `${simTime(isoOf(now))} UTC`)
  time.dateTime = isoOf(now)
  setText($('clock-mode'), c.mode)
  setText($('clock-speed'), c.mode === 'manual' ? `×${c.speed} (when realtime)` : `×${c.speed}`)
  const n = c.next_event
  setText($('clock-next'), n === null ? 'nothing scheduled' : `${describeEvent(n)} at ${simClockTime(n.at)} (${n.at_ms <= now ? 'due now' : `in ${duration((n.at_ms - now) / 1000)}`})`)
  const next = /** @type {HTMLButtonElement} */ ($('next-event'))
  next.disabled = n === null
  // The form shows the clock's settings, unless someone is editing it.
  const form = /** @type {HTMLFormElement} */ ($('speed-form'))
  if (!form.contains(document.activeElement)) {
    const mode = /** @type {HTMLSelectElement} */ (form.elements.namedItem('mode'))
    const speed = /** @type {HTMLInputElement} */ (form.elements.namedItem('speed'))
    mode.value = c.mode
    speed.value = String(c.speed)
  }
}

/**
 * Runs a control action: the button waits, the result is announced, the page refreshed.
 * @param {HTMLButtonElement | null} button
 * @param {() => Promise<string>} action resolves with what to announce
 */
async function act (button, action) {
  if (button !== null) button.disabled = true
  try {
    announce(await action())
    clearProblem('action')
  } catch (err) {
    showProblem(err, 'action')
  } finally {
    if (button !== null) button.disabled = false
  }
  await refresh()
}

function bindClock () {
  const advance = /** @type {HTMLFormElement} */ ($('advance-form'))
  advance.addEventListener('submit', (ev) => {
    ev.preventDefault()
    const { amount, unit } = formValues(advance)
    const seconds = Number(amount) * Number(unit)
    void act(advance.querySelector('button'), async () => {
      const c = await api('POST', 'clock/advance', { seconds })
      return `Clock advanced by ${duration(seconds)} to ${simTime(c.time)} UTC`
    })
  })
  const next = /** @type {HTMLButtonElement} */ ($('next-event'))
  next.addEventListener('click', () => {
    void act(next, async () => {
      const c = await api('POST', 'clock/advance-to-next-event')
      return c.reached === null ? 'Nothing was due: the clock stays' : `Clock moved to ${simTime(c.time)} UTC: ${describeEvent(c.reached)}`
    })
  })
  const speed = /** @type {HTMLFormElement} */ ($('speed-form'))
  speed.addEventListener('submit', (ev) => {
    ev.preventDefault()
    const { mode, speed: value } = formValues(speed)
    void act(speed.querySelector('button'), async () => {
      const c = await api('PUT', 'clock', { mode, speed: Number(value) })
      const focused = /** @type {HTMLElement | null} */ (document.activeElement)
      focused?.blur()
      return `Clock set: ${c.mode}, speed ×${c.speed}`
    })
  })
  // Realtime: the shown time runs on between reads.
  window.setInterval(() => { if (state.clock?.mode === 'realtime') renderClock() }, 250)
}

// ------------------------------------------------------------------------------------------------
// Progress bars and levers (batch list and batch page)

/** The core's call statuses grouped for a progress bar. @param {Record<string, number>} counts */
function progressOf (counts) {
  const n = (/** @type {string} */ k) => counts[k] ?? 0
  return {
    completed: n('completed'),
    failed: n('failed') + n('no_answer') + n('busy') + n('expired'),
    in_flight: n('queued') + n('ringing') + n('in_progress'),
    pending: n('pending')
  }
}

function progressBar () {
  const kinds = ['completed', 'failed', 'in-flight', 'pending']
  const segs = kinds.map(k => h('span', { class: `seg ${k}` }))
  const el = h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': '0' }, ...segs)
  const text = h('span', { class: 'progress-text' })
  return {
    el,
    text,
    /** @param {string} batchId @param {{ completed: number, failed: number, in_flight: number, pending: number }} p @param {number} total */
    update (batchId, p, total) {
      const done = p.completed + p.failed
      setAttr(el, 'aria-label', `Progress of batch ${batchId}`)
      setAttr(el, 'aria-valuemax', String(total))
      setAttr(el, 'aria-valuenow', String(done))
      setAttr(el, 'aria-valuetext', `${done} of ${total} calls ended: ${p.completed} completed, ${p.failed} failed; ${p.in_flight} in flight, ${p.pending} not dialed`)
      const parts = [p.completed, p.failed, p.in_flight, p.pending]
      segs.forEach((seg, i) => {
        seg.style.flexGrow = String(parts[i])
        seg.style.flexBasis = '0'
      })
      setText(text, `${done} / ${total} ended · ${p.in_flight} in flight`)
    }
  }
}

const LEVERS = /** @type {const} */ ([['start', 'Start'], ['pause', 'Pause'], ['resume', 'Resume'], ['cancel', 'Cancel'], ['fail', 'Fail']])
const DONE = { start: 'started', pause: 'paused', resume: 'resumed', cancel: 'cancelled', fail: 'failed' }

/**
 * Which levers a batch allows (the control API's rules; it refuses the others with a 409).
 * @param {string} action @param {{ status: string, paused: boolean, frozen: boolean, deleted_at?: string | null }} b
 */
function allowed (action, b) {
  if (b.frozen || (b.deleted_at ?? null) !== null) return false
  switch (action) {
    case 'start': return b.status === 'pending'
    case 'pause': return b.status === 'active' && !b.paused
    case 'resume': return b.status === 'active' && b.paused
    default: return b.status === 'pending' || b.status === 'active'
  }
}

function levers () {
  const buttons = LEVERS.map(([action, label]) => /** @type {HTMLButtonElement} */ (h('button', { type: 'button', dataset: { action } }, label)))
  const el = h('div', { class: 'levers', role: 'group' }, ...buttons)
  return {
    el,
    /** @param {string} batchId @param {{ status: string, paused: boolean, frozen: boolean, deleted_at?: string | null }} b */
    update (batchId, b) {
      el.dataset.batch = batchId
      setAttr(el, 'aria-label', `Levers of batch ${batchId}`)
      buttons.forEach((button, i) => {
        setAttr(button, 'aria-label', `${LEVERS[i][1]} batch ${batchId}`)
        button.disabled = !allowed(LEVERS[i][0], b)
        button.title = b.frozen ? 'A documented example batch never changes' : ''
      })
    }
  }
}

/** Lever clicks anywhere (delegated): POST /__admin/batches/{id}/{action}. @param {MouseEvent} ev */
function onLever (ev) {
  const button = /** @type {HTMLElement} */ (ev.target).closest('button[data-action]')
  const group = button?.closest('.levers')
  if (!(button instanceof HTMLButtonElement) || !(group instanceof HTMLElement)) return
  const batchId = group.dataset.batch ?? ''
  const action = /** @type {keyof typeof DONE} */ (button.dataset.action)
  void act(button, async () => {
    const b = await api('POST', `batches/${enc(batchId)}/${action}`)
    return `Batch ${batchId} ${DONE[action]}: now ${b.status}${b.paused ? ' (paused)' : ''}`
  }).then(() => {
    // The pressed lever may be off now (pause → resume): keep the keyboard in the group.
    if (document.activeElement === document.body || button.disabled) {
      const first = /** @type {HTMLButtonElement | null} */ (group.querySelector('button:not(:disabled)'))
      first?.focus()
    }
  })
}

// ------------------------------------------------------------------------------------------------
// Batches

/** @type {WeakMap<HTMLElement, any>} */
const parts = new WeakMap()

/** @param {any} b */
function batchRow (b) {
  const link = h('a', { class: 'mono' })
  const sub = h('span', { class: 'sub' })
  const status = h('span')
  const badges = h('span')
  const bar = progressBar()
  const counters = ['total', 'completed', 'failed', 'pending'].map(k => h('td', { class: 'num', dataset: { counter: k } }))
  const lever = levers()
  const row = h('tr', {}, h('td', {}, link, sub), h('td', {}, status, badges), h('td', {}, bar.el, bar.text), ...counters, h('td', {}, lever.el))
  parts.set(row, { link, sub, status, badges, bar, counters, lever })
  updateBatchRow(row, b)
  return row
}

/** @param {HTMLElement} row @param {any} b */
function updateBatchRow (row, b) {
  const p = parts.get(row)
  setAttr(p.link, 'href', `#/batch/${enc(b.batch_id)}`)
  setAttr(p.link, 'aria-label', `Calls and timeline of batch ${b.batch_id}`)
  setText(p.link, b.batch_id)
  setText(p.sub, `${b.name === null ? '' : `${b.name} · `}${b.provider} · ${b.account_id}`)
  setText(p.status, b.status)
  p.status.className = `status-${b.status}`
  p.badges.replaceChildren(
    ...(b.paused ? [h('span', { class: 'badge paused', text: 'paused' })] : []),
    ...(b.frozen ? [h('span', { class: 'badge', text: 'documented', title: 'A documented example: never simulated' })] : []),
    ...(b.deleted_at !== null ? [h('span', { class: 'badge', text: 'deleted' })] : [])
  )
  p.bar.update(b.batch_id, b.progress, b.total_contacts)
  const values = [b.total_contacts, b.completed_contacts, b.failed_contacts, b.pending_contacts]
  p.counters.forEach((/** @type {HTMLElement} */ td, /** @type {number} */ i) => setText(td, String(values[i])))
  p.lever.update(b.batch_id, b)
}

async function refreshBatches () {
  const f = formValues(/** @type {HTMLFormElement} */ ($('batch-filters')))
  const { page, limit } = state.batches
  const data = await api('GET', `batches${qs({ provider: f.provider, account_id: f.account_id, status: f.status, include_deleted: f.include_deleted, page, limit })}`)
  if (data.items.length === 0 && page > 1 && data.total > 0) {
    state.batches.page = Math.ceil(data.total / limit)
    return await refreshBatches()
  }
  syncRows($('batch-rows'), data.items, (/** @type {any} */ b) => b.batch_id, batchRow, updateBatchRow)
  $('batch-empty').hidden = data.items.length > 0
  const pages = Math.max(1, Math.ceil(data.total / limit))
  setText($('batch-page'), `Page ${page} of ${pages} · ${data.total} batch${data.total === 1 ? '' : 'es'}`)
  setDisabled('batch-prev', page <= 1)
  setDisabled('batch-next', !data.has_more)
}

// ------------------------------------------------------------------------------------------------
// One batch: summary, timeline, calls

/** @type {{ batchId: string, bar: ReturnType<typeof progressBar>, lever: ReturnType<typeof levers>, facts: HTMLElement, counts: HTMLElement } | null} */
let summary = null

/** @param {any} b */
function renderSummary (b) {
  const id = b.schedule_id
  if (summary === null || summary.batchId !== id) {
    const bar = progressBar()
    const lever = levers()
    const facts = h('dl')
    const counts = h('dl')
    $('batch-summary').replaceChildren(
      h('div', {}, facts),
      h('div', {}, h('p', {}, bar.el, bar.text), counts),
      h('div', {}, h('p', { class: 'hint', text: 'Levers (the control API\'s start, pause, resume, cancel, fail)' }), lever.el)
    )
    summary = { batchId: id, bar, lever, facts, counts }
  }
  const provider = state.providerOf.get(b.account_id) ?? '?'
  setText($('batch-title'), `Batch ${id}`)
  /** @type {Array<[string, string]>} */
  const rows = [
    ['Provider', provider], ['Account', b.account_id], ['Agent', `${b.agent_name} (${b.agent_id})`],
    ['Status', `${b.status}${b.paused ? ' (paused)' : ''}${b.frozen ? ' (documented example)' : ''}`],
    ['Start mode', b.start_mode], ['Concurrency', String(b.concurrency)], ['Created', simTime(b.created_at)],
    ['Started', simTime(b.started_at)], ['Updated', simTime(b.updated_at)], ['Next event', simTime(b.next_event_at)],
    ['Webhooks to', b.callback_url ?? 'none']
  ]
  summary.facts.replaceChildren(...rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })]))
  summary.bar.update(id, progressOf(b.call_counts), b.total_contacts)
  /** @type {Array<[string, number]>} */
  const counters = [['Total', b.total_contacts], ['Completed', b.completed_contacts], ['Failed', b.failed_contacts], ['Pending', b.pending_contacts]]
  const statuses = Object.entries(b.call_counts).map(([k, v]) => `${k} ${v}`).join(' · ')
  summary.counts.replaceChildren(
    ...counters.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { class: 'num', dataset: { counter: k.toLowerCase() }, text: String(v) })]),
    h('dt', { text: 'Calls by status' }), h('dd', { text: statuses === '' ? 'none' : statuses })
  )
  summary.lever.update(id, { status: b.status, paused: b.paused, frozen: b.frozen })
}

/** @param {any} t */
function renderTimeline (t) {
  const box = $('timeline')
  const buckets = /** @type {any[]} */ (t.buckets)
  if (buckets.length === 0) {
    box.replaceChildren(h('p', { class: 'empty', text: 'No call has rung yet.' }))
    $('timeline-rows').replaceChildren()
    return
  }
  const W = 720; const H = 220; const L = 40; const R = 10; const T = 10; const B = 28
  const plotW = W - L - R; const plotH = H - T - B
  const top = Math.max(1, t.concurrency, ...buckets.map(b => Math.max(b.dialed, b.answered, b.ended, b.in_flight)))
  const yMax = Math.ceil(top * 1.1)
  const bw = plotW / buckets.length
  const x = (/** @type {number} */ i) => L + i * bw
  const y = (/** @type {number} */ v) => T + plotH - (v / yMax) * plotH
  // In flight: a step area at each interval's end value.
  let area = `M${x(0)},${y(0)}`
  buckets.forEach((b, i) => { area += ` L${x(i)},${y(b.in_flight)} L${x(i + 1)},${y(b.in_flight)}` })
  area += ` L${x(buckets.length)},${y(0)} Z`
  const line = (/** @type {string} */ key) => buckets.map((b, i) => `${(x(i) + bw / 2).toFixed(1)},${y(b[key]).toFixed(1)}`).join(' ')
  const end = isoOf(Date.parse(buckets[buckets.length - 1].start) + t.bucket_seconds * 1000)
  const mid = buckets[Math.floor(buckets.length / 2)].start
  const label = (/** @type {number} */ xx, /** @type {number} */ yy, /** @type {string} */ text, anchor = 'middle') =>
    s('text', { x: xx, y: yy, 'text-anchor': anchor }, document.createTextNode(text))
  const desc = `From ${simTime(t.from)} in ${duration(t.bucket_seconds)} intervals: ${t.totals.dialed} dialed, ${t.totals.answered} answered, ` +
    `${t.totals.ended} ended; at most ${t.peak_in_flight} in flight at an interval's end (concurrency ${t.concurrency}); ${t.totals.in_flight} in flight now.`
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'timeline-svg-title timeline-svg-desc' },
    s('title', { id: 'timeline-svg-title' }, document.createTextNode(`Timeline of batch ${t.batch_id}`)),
    s('desc', { id: 'timeline-svg-desc' }, document.createTextNode(desc)),
    s('line', { class: 'axis', x1: L, y1: y(0), x2: W - R, y2: y(0) }),
    s('line', { class: 'axis', x1: L, y1: T, x2: L, y2: y(0) }),
    s('path', { class: 'area', d: area }),
    s('line', { class: 'limit', x1: L, y1: y(t.concurrency), x2: W - R, y2: y(t.concurrency) }),
    s('polyline', { class: 'line dialed', points: line('dialed') }),
    s('polyline', { class: 'line answered', points: line('answered') }),
    s('polyline', { class: 'line ended', points: line('ended') }),
    label(L - 6, y(0) + 4, '0', 'end'),
    label(L - 6, T + 9, String(yMax), 'end'),
    label(L - 6, y(t.concurrency) + 4, String(t.concurrency), 'end'),
    label(L, H - 8, simClockTime(buckets[0].start), 'start'),
    label(L + plotW / 2, H - 8, simClockTime(mid)),
    label(W - R, H - 8, simClockTime(end), 'end')
  )
  box.replaceChildren(svg, h('p', { class: 'legend' },
    h('span', { class: 'key in-flight' }), 'dialed',
    h('span', { class: 'key answered' }), 'answered',
    h('span', { class: 'key completed' }), 'ended',
    ` · shaded: in flight · dashed: concurrency ${t.concurrency} · ${duration(t.bucket_seconds)} per interval`),
  h('p', { class: 'hint', text: desc }))
  if (/** @type {HTMLDetailsElement} */ ($('timeline-table-box')).open) {
    $('timeline-rows').replaceChildren(...buckets.map(b => h('tr', {},
      h('td', { text: simTime(b.start) }), h('td', { class: 'num', text: b.dialed }), h('td', { class: 'num', text: b.answered }),
      h('td', { class: 'num', text: b.ended }), h('td', { class: 'num', text: b.in_flight }))))
  }
}

/** @param {any} c */
function callRow (c) {
  const row = h('tr', {}, ...Array.from({ length: 10 }, (_, i) => h('td', { class: [0, 4, 7, 8].includes(i) ? 'num' : '' })))
  updateCallRow(row, c)
  return row
}
/** @param {HTMLElement} row @param {any} c */
function updateCallRow (row, c) {
  const values = [
    String(c.seq), c.call_id, c.phone_number, c.status, String(c.attempt), simTime(c.started_at), simTime(c.ended_at),
    c.duration_seconds === null ? '—' : `${c.duration_seconds} s`, c.answer_duration_seconds === null ? '—' : `${c.answer_duration_seconds} s`,
    c.dial_error ?? c.disconnect_reason ?? ''
  ]
  Array.from(row.children).forEach((td, i) => setText(td, values[i]))
  row.children[1].className = 'mono'
}

async function refreshBatch () {
  const id = /** @type {string} */ (state.route.batchId)
  const status = formValues(/** @type {HTMLFormElement} */ ($('call-filters'))).status
  const { page, limit } = state.calls
  const [b, t, calls] = await Promise.all([
    api('GET', `batches/${enc(id)}`),
    api('GET', `batches/${enc(id)}/timeline?buckets=60`),
    api('GET', `batches/${enc(id)}/calls${qs({ status, page, limit })}`)
  ])
  if (state.route.batchId !== id) return
  renderSummary(b)
  renderTimeline(t)
  syncRows($('call-rows'), calls.items, (/** @type {any} */ c) => String(c.seq), callRow, updateCallRow)
  const pages = Math.max(1, Math.ceil(calls.total / limit))
  setText($('call-page'), `Page ${page} of ${pages} · ${calls.total} call${calls.total === 1 ? '' : 's'}`)
  setDisabled('call-prev', page <= 1)
  setDisabled('call-next', !calls.has_more)
}

// ------------------------------------------------------------------------------------------------
// Requests (the journal)

/** @param {any} e */
function requestRow (e) {
  const url = e.path + qs(Object.fromEntries(Object.entries(e.query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])))
  const open = h('button', { type: 'button', class: 'path-button', 'aria-label': `Open request ${e.method} ${url} (${e.status}, ${wallTime(e.time)})`, dataset: { entry: e.id } }, url)
  return h('tr', {},
    h('td', { class: 'mono', text: wallTime(e.time) }),
    h('td', { text: e.method }),
    h('td', {}, open),
    h('td', { class: `num ${statusClass(e.status)}`, text: e.status === 0 ? 'none' : e.status }),
    h('td', { class: 'mono', text: e.account_id ?? '—' }),
    h('td', { class: 'num', text: `${e.latency_ms} ms` }))
}

async function refreshRequests () {
  const f = formValues(/** @type {HTMLFormElement} */ ($('request-filters')))
  const path = f.path === '' || f.path.endsWith('*') ? f.path : `${f.path}*`
  const data = await api('GET', `journal${qs({ method: f.method, path, status: f.status, account_id: f.account_id, valid: f.errors === 'true' ? 'false' : '', limit: 100 })}`)
  state.journal = new Map(data.items.map((/** @type {any} */ e) => [e.id, e]))
  // Entries never change: rows are only added and dropped.
  syncRows($('request-rows'), data.items, (/** @type {any} */ e) => e.id, requestRow, () => {})
  $('request-empty').hidden = data.items.length > 0
  setText($('request-count'), `${data.items.length} shown (newest 100 at most) · ${data.total} kept of ${data.capacity} · ${data.recorded} recorded since start`)
}

/** @param {Record<string, string>} headers */
const headerList = (headers) => {
  const names = Object.keys(headers)
  return names.length === 0 ? h('p', { class: 'empty', text: 'none' }) : h('dl', {}, ...names.flatMap(n => [h('dt', { class: 'mono', text: n }), h('dd', { class: 'mono', text: headers[n] })]))
}
/** @param {Array<[string, string]>} rows */
const facts = (rows) => h('dl', {}, ...rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })]))

/** @param {string} title @param {HTMLElement[]} content */
function openDetail (title, content) {
  const dialog = /** @type {HTMLDialogElement} */ ($('detail'))
  setText($('detail-title'), title)
  $('detail-body').replaceChildren(...content)
  if (!dialog.open) dialog.showModal()
}

/** @param {any} e */
function openRequest (e) {
  state.openDelivery = null
  const url = e.path + qs(Object.fromEntries(Object.entries(e.query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])))
  openDetail(`${e.method} ${e.path}`, [
    h('h3', { text: 'Request' }),
    facts([['Id', e.id], ['Received', new Date(e.time).toLocaleString()], ['Method', e.method], ['URL', url],
      ['Account', e.account_id ?? 'none'], ['Key', e.key_hint ?? 'none presented'], ['Body size', `${e.body_bytes} bytes`]]),
    h('h4', { text: 'Headers' }), headerList(e.request_headers),
    h('h4', { text: 'Body' }), e.body === null ? h('p', { class: 'empty', text: 'none' }) : h('pre', { text: pretty(e.body) }),
    h('h3', { text: 'Response' }),
    facts([['Status', e.status === 0 ? 'none sent (a fault scenario)' : String(e.status)], ['Error code', e.error_code ?? 'none'],
      ['Scenario', e.scenario_id ?? 'none'], ['Latency', `${e.latency_ms} ms`], ['Body size', e.response_bytes === null ? 'unknown' : `${e.response_bytes} bytes`]]),
    h('h4', { text: 'Headers' }), headerList(e.response_headers),
    h('h4', { text: 'Body' }),
    e.response_body === null ? h('p', { class: 'empty', text: 'none kept (none sent, or not text)' }) : h('pre', { text: pretty(e.response_body) }),
    ...(e.response_bytes !== null && e.response_bytes > 4096 ? [h('p', { class: 'hint', text: 'The journal keeps the first 4 KiB of a body.' })] : [])
  ])
}

// ------------------------------------------------------------------------------------------------
// Webhooks

/** @param {any} d */
function webhookRow (d) {
  const cells = Array.from({ length: 7 }, (_, i) => h('td', { class: i === 5 ? 'num' : i === 3 ? 'url mono' : '' }))
  const details = h('button', { type: 'button', dataset: { details: d.id } }, 'Details')
  const redeliver = h('button', { type: 'button', dataset: { redeliver: d.id } }, 'Redeliver')
  const row = h('tr', {}, ...cells, h('td', {}, h('div', { class: 'levers' }, details, redeliver)))
  parts.set(row, { cells, details, redeliver })
  updateWebhookRow(row, d)
  return row
}
/** @param {HTMLElement} row @param {any} d */
function updateWebhookRow (row, d) {
  const p = parts.get(row)
  const [created, event, batch, url, status, attempts, next] = p.cells
  setText(created, simTime(d.created_at))
  setText(event, d.event_type)
  if (batch.firstChild === null) batch.append(h('a', { class: 'mono', href: `#/batch/${enc(d.batch_id)}`, text: d.batch_id }))
  setText(url, d.url)
  setAttr(url, 'title', d.url)
  setText(status, d.status)
  status.className = d.status === 'succeeded' ? 'st-ok' : d.status === 'failed' ? 'st-bad' : 'st-warn'
  const last = d.attempts[d.attempts.length - 1]
  setText(attempts, `${d.attempt_count}${last === undefined ? '' : last.success ? ' (ok)' : ` (${last.response_status ?? last.error})`}`)
  setText(next, d.next_attempt_at === null ? '—' : simTime(d.next_attempt_at))
  setAttr(p.details, 'aria-label', `Details of delivery ${d.id} (${d.event_type})`)
  setAttr(p.redeliver, 'aria-label', `Redeliver ${d.id} (${d.event_type})`)
}

async function refreshWebhooks () {
  const f = formValues(/** @type {HTMLFormElement} */ ($('webhook-filters')))
  const { page, limit } = state.webhooks
  const data = await api('GET', `webhooks/deliveries${qs({ status: f.status, event_type: f.event_type, batch_id: f.batch_id, order: 'desc', page, limit })}`)
  syncRows($('webhook-rows'), data.items, (/** @type {any} */ d) => d.id, webhookRow, updateWebhookRow)
  $('webhook-empty').hidden = data.total > 0
  const pages = Math.max(1, Math.ceil(data.total / limit))
  setText($('webhook-page'), `Page ${page} of ${pages} · ${data.total} deliver${data.total === 1 ? 'y' : 'ies'}`)
  setDisabled('webhook-prev', page <= 1)
  setDisabled('webhook-next', !data.has_more)
  if (state.openDelivery !== null && /** @type {HTMLDialogElement} */ ($('detail')).open) await showDelivery(state.openDelivery)
}

/** @param {string} id */
async function showDelivery (id) {
  const d = await api('GET', `webhooks/deliveries/${enc(id)}`)
  state.openDelivery = id
  openDetail(`Delivery ${d.id} · ${d.event_type}`, [
    facts([['Event', d.event_type], ['Batch', d.batch_id], ['Account', d.account_id], ['URL', d.url], ['Status', d.status],
      ['Attempts', String(d.attempt_count)], ['Next attempt', d.next_attempt_at === null ? 'none' : `${simTime(d.next_attempt_at)} (simulated)`],
      ['Created', `${simTime(d.created_at)} (simulated)`]]),
    h('p', {}, h('button', { type: 'button', dataset: { redeliver: d.id }, 'aria-label': `Redeliver ${d.id} (${d.event_type})` }, 'Redeliver now')),
    h('h3', { text: `Request headers (attempt ${d.headers_attempt})` }), headerList(d.headers),
    h('h3', { text: `Body: the signed payload (${new TextEncoder().encode(d.body).length} bytes, exactly as sent)` }), h('pre', { text: d.body }),
    h('details', {}, h('summary', { text: 'Body, formatted' }), h('pre', { text: pretty(d.body) })),
    h('h3', { text: 'Attempts' }),
    d.attempts.length === 0
      ? h('p', { class: 'empty', text: 'None yet: the first is due when the clock reaches it.' })
      : h('table', { class: 'grid compact' },
        h('thead', {}, h('tr', {}, ...['#', 'At (simulated)', 'Result', 'Latency', 'Kind', 'Headers'].map(t => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, ...d.attempts.map((/** @type {any} */ a) => h('tr', {},
          h('td', { class: 'num', text: a.attempt }), h('td', { text: simTime(a.attempted_at) }),
          h('td', { class: a.success ? 'st-ok' : 'st-bad', text: a.success ? `${a.response_status} ok` : `${a.response_status ?? ''} ${a.error ?? ''}`.trim() }),
          h('td', { class: 'num', text: `${a.latency_ms} ms` }), h('td', { text: a.redelivery ? 'redelivery' : 'automatic' }),
          h('td', {}, h('details', {}, h('summary', { text: 'headers' }), headerList(a.headers)))))))
  ])
}

/** Redeliver and Details buttons (delegated, in the table and the dialog). @param {MouseEvent} ev */
function onWebhookButton (ev) {
  const target = /** @type {HTMLElement} */ (ev.target)
  const redeliver = target.closest('button[data-redeliver]')
  const details = target.closest('button[data-details]')
  if (redeliver instanceof HTMLButtonElement) {
    const id = redeliver.dataset.redeliver ?? ''
    void act(redeliver, async () => {
      const d = await api('POST', `webhooks/deliveries/${enc(id)}/redeliver`)
      const last = d.attempts[d.attempts.length - 1]
      return `Redelivered ${id}: ${last?.success ? `HTTP ${last.response_status}, succeeded` : `failed (${last?.response_status ?? last?.error ?? 'no attempt'})`}`
    })
  } else if (details instanceof HTMLButtonElement) {
    void showDelivery(details.dataset.details ?? '').catch(err => showProblem(err, 'action'))
  }
}

// ------------------------------------------------------------------------------------------------
// Routing and wiring

function parseRoute () {
  const m = /^#\/(batches|requests|webhooks|batch)(?:\/(.*))?$/.exec(location.hash)
  if (m === null) return { view: 'batches', batchId: null }
  if (m[1] === 'batch') return m[2] ? { view: 'batch', batchId: decodeURIComponent(m[2]) } : { view: 'batches', batchId: null }
  return { view: m[1], batchId: null }
}

const TITLES = { batches: 'Batches', batch: 'Batch', requests: 'Requests', webhooks: 'Webhooks' }

/** @param {boolean} moveFocus */
function showRoute (moveFocus) {
  const route = parseRoute()
  if (route.batchId !== state.route.batchId) {
    state.calls.page = 1
    summary = null
    $('batch-summary').replaceChildren()
    $('timeline').replaceChildren()
    $('call-rows').replaceChildren()
  }
  state.route = route
  for (const view of ['batches', 'batch', 'requests', 'webhooks']) $(`view-${view}`).hidden = view !== route.view
  for (const a of Array.from(document.querySelectorAll('nav a[data-view]'))) {
    const current = /** @type {HTMLElement} */ (a).dataset.view === (route.view === 'batch' ? 'batches' : route.view)
    setAttr(a, 'aria-current', current ? 'page' : null)
  }
  const title = route.view === 'batch' ? `Batch ${route.batchId}` : TITLES[/** @type {keyof typeof TITLES} */ (route.view)]
  document.title = `${title} · techladder-mock dashboard`
  if (route.view === 'batch') setText($('batch-title'), `Batch ${route.batchId}`)
  if (moveFocus) $(`${route.view}-title`).focus()
  void refresh()
}

/**
 * @param {string} formId
 * @param {() => void} [reset] called when a filter changes (back to the first page)
 */
function bindFilters (formId, reset) {
  const form = /** @type {HTMLFormElement} */ ($(formId))
  let typing = 0
  const changed = () => {
    reset?.()
    void refresh()
  }
  form.addEventListener('change', changed)
  form.addEventListener('input', (ev) => {
    if (/** @type {HTMLInputElement} */ (ev.target).type !== 'text' && /** @type {HTMLInputElement} */ (ev.target).type !== 'number') return
    clearTimeout(typing)
    typing = window.setTimeout(changed, 300)
  })
  form.addEventListener('submit', (ev) => { ev.preventDefault(); changed() })
}

/**
 * @param {string} prev @param {string} next
 * @param {{ page: number }} paging
 */
function bindPager (prev, next, paging) {
  $(prev).addEventListener('click', () => { paging.page = Math.max(1, paging.page - 1); void refresh() })
  $(next).addEventListener('click', () => { paging.page += 1; void refresh() })
}

function start () {
  bindClock()
  bindFilters('batch-filters', () => { state.batches.page = 1 })
  $('batch-filters').addEventListener('change', (ev) => {
    // The account list follows the provider chosen.
    if (/** @type {HTMLSelectElement} */ (ev.target).name === 'provider') void loadAccounts().catch(() => {})
  })
  bindFilters('call-filters', () => { state.calls.page = 1 })
  bindFilters('request-filters')
  bindFilters('webhook-filters', () => { state.webhooks.page = 1 })
  bindPager('batch-prev', 'batch-next', state.batches)
  bindPager('call-prev', 'call-next', state.calls)
  bindPager('webhook-prev', 'webhook-next', state.webhooks)
  document.addEventListener('click', onLever)
  $('view-webhooks').addEventListener('click', onWebhookButton)
  $('detail').addEventListener('click', onWebhookButton)
  $('request-rows').addEventListener('click', (ev) => {
    const button = /** @type {HTMLElement} */ (ev.target).closest('button[data-entry]')
    const entry = button instanceof HTMLElement ? state.journal.get(button.dataset.entry ?? '') : undefined
    if (entry !== undefined) openRequest(entry)
  })
  $('clear-journal').addEventListener('click', (ev) => {
    void act(/** @type {HTMLButtonElement} */ (ev.currentTarget), async () => {
      const r = await api('DELETE', 'journal')
      return `Journal cleared (${r.removed} entries)`
    })
  })
  const detail = /** @type {HTMLDialogElement} */ ($('detail'))
  $('detail-close').addEventListener('click', () => detail.close())
  detail.addEventListener('close', () => { state.openDelivery = null })

  const interval = /** @type {HTMLSelectElement} */ ($('refresh-interval'))
  interval.addEventListener('change', () => {
    state.interval = Number(interval.value)
    setConnection('ok', state.interval === 0 ? 'updates paused' : 'live')
    schedule()
  })
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      void refresh()
      schedule()
    }
  })

  const tokenDialog = /** @type {HTMLDialogElement} */ ($('token-dialog'))
  // Nothing works without the token: the dialog stays until one is given.
  tokenDialog.addEventListener('cancel', (ev) => ev.preventDefault())
  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault()
    const input = /** @type {HTMLInputElement} */ ($('token-input'))
    token = input.value.trim()
    input.value = ''
    if (token === '') { token = null; return }
    sessionStorage.setItem(TOKEN_KEY, token)
    tokenDialog.close()
    void connect()
  })
  $('forget-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY)
    token = null
    unauthorized()
  })

  window.addEventListener('hashchange', () => showRoute(true))
  if (parseRoute().view === 'batches' && !location.hash.startsWith('#/batches')) history.replaceState(null, '', '#/batches')
  showRoute(false)
  void connect()
}

start()
