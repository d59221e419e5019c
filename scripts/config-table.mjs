#!/usr/bin/env node
/**
 * Prints the README's configuration table rows from the options the server declares
 * (src/http/config.ts OPTIONS, built to dist/), so the table never drifts from --help.
 * test/http/readme.test.ts compares the README's table with the same options.
 *
 * Usage: npm run build && node scripts/config-table.mjs
 */
import { DEFAULT_CONFIG, OPTIONS } from '../dist/src/http/config.js'

for (const o of OPTIONS) {
  // A default the value itself would not say (null, ':memory:') is shown in words, not as code.
  const shown = o.shownDefault ?? `\`${String(DEFAULT_CONFIG[o.key])}\``
  console.log(`| \`--${o.flag}\` | \`${o.env}\` | ${shown} | ${o.help.replaceAll("|", "\\|")} |`)
}
