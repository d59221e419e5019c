/**
 * Seeded fakers and the small draws every generator here shares. A faker is seeded from a pure
 * function of its inputs, so the same seed gives the same data on every run.
 */
import { createRequire } from 'node:module'
import type { Faker, LocaleDefinition } from '@faker-js/faker'

interface Locales { FakerClass: new (options: { locale: LocaleDefinition }) => Faker, EN_IN: LocaleDefinition, EN: LocaleDefinition }
let locales: Locales | undefined

/**
 * Faker, loaded on first use: a server started from a stored seed image, that runs no call yet,
 * never pays for it (~40-80 ms and a few MB). Only the locales used: faker's root entry loads
 * every locale (~70; ~140 ms and ~25 MB). Each locale entry is a Faker over that locale merged
 * with its fallbacks (en_IN: [en_IN, en, base]; en: [en, base]), the same merge
 * `new Faker({ locale: [...] })` makes. Faker is ES modules only: require() loads it synchronously
 * (Node >= 22.12; faker itself needs 22.13).
 */
function loadLocales (): Locales {
  if (locales === undefined) {
    const require = createRequire(import.meta.url)
    const enIn = (require('@faker-js/faker/locale/en_IN') as { faker: Faker }).faker
    const en = (require('@faker-js/faker/locale/en') as { faker: Faker }).faker
    locales = { FakerClass: enIn.constructor as Locales['FakerClass'], EN_IN: enIn.rawDefinitions, EN: en.rawDefinitions }
  }
  return locales
}

/** A faker with Indian English first, then English, then the base locale, seeded. */
export function createSeededFaker (seed: number): Faker {
  const { FakerClass, EN_IN } = loadLocales()
  const f = new FakerClass({ locale: EN_IN })
  f.seed(seed)
  return f
}

/** A faker with English, then the base locale (unseeded). */
export function createEnglishFaker (): Faker {
  const { FakerClass, EN } = loadLocales()
  return new FakerClass({ locale: EN })
}

/** `length` lowercase hex characters. */
export function hexId (f: Faker, length: number): string {
  return f.string.hexadecimal({ length, casing: 'lower', prefix: '' })
}

/** One of `items`, drawn with a single float (cheaper than faker's helpers, and stable across faker versions). */
export const pick = <T>(f: Faker, items: ArrayLike<T>): T => items[Math.floor(f.number.float() * items.length)]
/** An integer in [min, max]. */
export const between = (f: Faker, min: number, max: number): number => min + Math.floor(f.number.float() * (max - min + 1))
