/** Cartesia's ids: prefix + 22 base62 characters, injective, deterministic. */
import t from 'tap'
import { base62, cartesiaIds, keyedId, recipientId } from '../../../src/surfaces/cartesia/ids.js'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
/** The reference: the same digits computed with BigInt. */
function reference (words: number[]): string {
  let n = 0n
  for (const w of words) n = (n << 32n) | BigInt(w >>> 0)
  let out = ''
  for (let i = 0; i < 22; i++) {
    out += ALPHABET[Number(n % 62n)]
    n /= 62n
  }
  return out
}

t.test('base62 over 128 bits: the reference digits, 22 of them, for any words', async t => {
  let state = 12345
  const next = () => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return state }
  for (let i = 0; i < 20000; i++) {
    const w: [number, number, number, number] = [next(), next(), next(), next()]
    if (i < 8) w[i % 4] = i < 4 ? 0 : 0xffffffff
    if (base62(w) !== reference(w)) { t.fail(`words ${w.join(',')}`); return }
  }
  t.equal(base62([0, 0, 0, 0]), '0'.repeat(22))
  t.equal(base62([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]).length, 22)
})

t.test('ids: prefix and 22 base62 characters, deterministic', async t => {
  t.match(keyedId('acb_', 'x'), /^acb_[0-9A-Za-z]{22}$/)
  t.equal(recipientId('acb_1', 1), recipientId('acb_1', 1))
  t.not(recipientId('acb_1', 1), recipientId('acb_1', 2))
  const ids = cartesiaIds(7)
  t.equal(ids.batchId(1), cartesiaIds(7).batchId(1))
  t.not(ids.batchId(1), cartesiaIds(8).batchId(1), 'another seed, other ids')
  t.not(ids.callId('acb_1', 1, 1, 0), ids.callId('acb_1', 1, 2, 0), 'a later attempt has another id')
  const many = new Set(Array.from({ length: 5000 }, (_v, i) => recipientId('acb_PDWFN995PzAudChwFDqVZ2', i + 1)))
  t.equal(many.size, 5000, 'distinct recipients of a batch')
})
