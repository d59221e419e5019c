/**
 * /docs in a real browser, as a first-time user meets it: Debian's chromium driven by playwright-core
 * (no browser download). The server runs with an admin token so both security schemes are needed.
 * Authorize with the key the dialog names, then "Try it out" → "Execute" with the defaults on Get
 * Call Batch (200), Create Call Batch (201) and the clock advance (200).
 *
 * Chromium missing is a failure, not a skip: .ci/run installs it (apt-get install chromium).
 */
import t from 'tap'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { startMockServer } from '../../src/index.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ADMIN_TOKEN = 'docs-admin-token'
// Each browser step waits at most this long; the whole file is bounded below.
const STEP_MS = 30_000
t.setTimeout(180_000)

/** Expands an operation, presses "Try it out" then "Execute", and returns the live response's status. */
async function tryItOut (page: Page, operationId: string, check?: (op: ReturnType<Page['locator']>) => Promise<void>): Promise<{ status: string, curl: string }> {
  const op = page.locator(`#${operationId}`)
  await op.locator('.opblock-summary-control').click()
  await op.locator('button.try-out__btn').click()
  if (check !== undefined) await check(op)
  await op.locator('button.execute').click()
  const status = op.locator('.live-responses-table .response .response-col_status')
  await status.waitFor({ timeout: STEP_MS })
  return { status: (await status.innerText()).trim(), curl: await op.locator('.curl-command').innerText() }
}

t.test('/docs: authorize with the seeded key, then Get Batch, Create and clock advance succeed with their defaults', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.fail(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium), as .ci/run does, or set CHROMIUM_PATH`)
    return
  }
  const mock = await startMockServer({ clock: 'manual', clockStart: '2026-06-01T09:00:00Z', batchesPerAccount: 2, callsPerBatch: 5, adminToken: ADMIN_TOKEN })
  t.teardown(mock.close)
  const profile = mkdtempSync(join(tmpdir(), 'techladder-chromium-'))
  t.teardown(() => rmSync(profile, { recursive: true, force: true }))
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: STEP_MS,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
  })
  t.teardown(async () => { await context.close() })
  context.setDefaultTimeout(STEP_MS)
  const page = context.pages()[0] ?? await context.newPage()
  const failed: string[] = []
  page.on('requestfailed', r => failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? ''}`))

  await page.goto(`${mock.url}/docs`)
  await page.locator('.opblock').first().waitFor()

  // Authorize: the dialog names the seeded key; the admin token goes under its own scheme.
  await page.locator('.auth-wrapper button.authorize').click()
  const modal = page.locator('.modal-ux')
  await modal.waitFor()
  const dialog = await modal.innerText()
  t.match(dialog, /sk_your_api_key/, 'the Authorize dialog names the seeded key')
  t.match(dialog, /X-Admin-Token/, 'and the admin token scheme')
  // TechLadder's scheme; Cartesia's bearer scheme has an input of the same id in the same dialog.
  const bearer = modal.locator('.auth-container', { hasText: 'bearerAuth' }).filter({ has: page.locator('#auth-bearer-value') })
  await bearer.locator('#auth-bearer-value').fill('sk_your_api_key')
  await bearer.locator('button.authorize').click()
  const admin = modal.locator('.auth-container', { hasText: 'adminToken' })
  await admin.locator('input').fill(ADMIN_TOKEN)
  await admin.locator('button.authorize').click()
  await modal.locator('button.btn-done').first().click()

  const get = await tryItOut(page, 'operations-Call_Batches-get_api_v1_public_call_batches__batch_id_', async (op) => {
    t.equal(await op.locator('input[placeholder="batch_id"]').inputValue(), 'sched_7bac6f2a', 'batch_id is prefilled with a documented id')
  })
  t.equal(get.status, '200', 'Get Call Batch: 200')
  t.match(get.curl, /Authorization: Bearer sk_your_api_key/)
  t.match(get.curl, /call-batches\/sched_7bac6f2a/)

  const create = await tryItOut(page, 'operations-Call_Batches-post_api_v1_public_call_batches', async (op) => {
    t.match(await op.locator('textarea.body-param__text').inputValue(), /"agent_name": "agt-57949b14"/, 'the Create body is the example')
  })
  t.equal(create.status, '201', 'Create Call Batch: 201')

  const advance = await tryItOut(page, 'operations-Admin-post___admin_clock_advance')
  t.equal(advance.status, '200', 'clock advance: 200')
  t.match(advance.curl, new RegExp(`X-Admin-Token: ${ADMIN_TOKEN}`), 'the admin token is sent')

  t.same(failed, [], 'no request of the page failed')
  // What the page did is what the server saw: the created batch exists and the clock moved.
  const journal = await mock.admin.journal({ method: 'POST' })
  t.same(journal.items.map(e => [e.path, e.status]), [['/api/v1/public/call-batches', 201]])
  t.equal((await mock.admin.getClock()).time, '2026-06-01T09:01:00Z')
})
