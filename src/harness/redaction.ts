/**
 * Keys never reach a log line or the journal in full: only a hint of the key presented, and any
 * key a client put where no key belongs (a query string, a body) is shown as its hint too.
 */

/**
 * Anything shaped like an API key, wherever it starts (`%20sk_…` included): `sk_…` (TechLadder,
 * Cartesia), `uv_…`, and Ultravox's issued shape (8 letters or digits, a dot, 32 more). Every
 * provider's key format (its `keyFormat`) admits only these shapes, so no key it accepts can reach
 * the log or the journal in full (test/reliability/secrets.test.ts).
 */
const KEY_LIKE = /(?:sk|uv)_[A-Za-z0-9_-]{4,}|[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}/g
const MAY_HOLD_KEY = /sk_|uv_|[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}/

/**
 * A key a client put where no key belongs (a query string, a body) is shown as its hint too: the
 * journal and the log never print a full key, wherever it was sent.
 */
export function redactKeys (text: string): string {
  // A key may come percent-encoded (`%73k_…`): look at the decoded text, and show that when it held one.
  const decoded = text.includes('%') ? decodeLoosely(text) : text
  return MAY_HOLD_KEY.test(decoded) ? decoded.replace(KEY_LIKE, keyHint) : text
}

/** Percent-decodes what decodes; a broken escape is left as it is. */
function decodeLoosely (text: string): string {
  try { return decodeURIComponent(text) } catch {}
  return text.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => { try { return decodeURIComponent(run) } catch { return run } })
}

/** At most 6 leading and 4 trailing characters, and never more than a quarter of the key at either end. */
export function keyHint (key: string): string {
  if (key.length <= 8) return `${key.slice(0, 2)}…`
  const head = Math.min(6, Math.floor(key.length / 4))
  const tail = Math.min(4, Math.floor(key.length / 4))
  return `${key.slice(0, head)}…${key.slice(-tail)}`
}
