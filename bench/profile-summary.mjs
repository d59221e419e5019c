#!/usr/bin/env node
/**
 * Summarizes a V8 CPU profile (`node --cpu-prof --cpu-prof-dir=<dir> ...`): the functions with the
 * most self time and the most inclusive time, in % of all samples. Used to find what a target
 * missed on (bench/README.md).  Usage: node bench/profile-summary.mjs <file.cpuprofile | dir> [rows]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const [target, rowsArg] = process.argv.slice(2)
const file = statSync(target).isDirectory()
  ? path.join(target, readdirSync(target).filter(f => f.endsWith('.cpuprofile')).sort().pop())
  : target
const rows = Number(rowsArg ?? 30)
const p = JSON.parse(readFileSync(file, 'utf8'))
const byId = new Map(p.nodes.map(n => [n.id, n]))
const parent = new Map()
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const name = n => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`
const time = new Map()
for (let i = 0; i < p.samples.length; i++) time.set(p.samples[i], (time.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0))
const self = new Map()
const incl = new Map()
let total = 0
for (const [id, t] of time) {
  total += t
  self.set(name(byId.get(id)), (self.get(name(byId.get(id))) ?? 0) + t)
  const seen = new Set()
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = name(byId.get(cur))
    if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + t) }
  }
}
const show = (title, m) => {
  console.log(`--- ${title}`)
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${(t / total * 100).toFixed(1).padStart(5)}%  ${k}`)
}
console.log(`${path.basename(file)}: ${(total / 1000).toFixed(0)} ms sampled`)
show('self time', self)
show('inclusive time', incl)
