#!/usr/bin/env node
// Prints tap's closing counts as one plain line ("tests: N passed, N failed, N skipped"),
// read from the `# { total: …, pass: …, fail: … }` line tap writes at the end of a run.
import { readFileSync } from 'node:fs'

const log = readFileSync(process.argv[2] ?? 0, 'utf8')
const line = log.split('\n').reverse().find(l => /^# \{ total: \d+/.test(l))
if (line === undefined) {
  console.log('tests: 0 passed, 1 failed')
  console.error('tap-summary: no summary line found (the test run did not finish)')
  process.exit(1)
}
const count = (name) => Number(new RegExp(`${name}: (\\d+)`).exec(line)?.[1] ?? 0)
const skipped = count('skip') + count('todo')
console.log(`tests: ${count('pass')} passed, ${count('fail')} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
