/**
 * Seeded fakers and the small draws every generator here shares. A faker is seeded from a pure
 * function of its inputs, so the same seed gives the same data on every run.
 */
import type { Faker, LocaleDefinition } from '@faker-js/faker'
// Only the locales used: faker's root entry loads every locale (~70; ~140 ms and ~25 MB at start-up).
// Each locale entry is a Faker over that locale merged with its fallbacks (en_IN: [en_IN, en, base];
// en: [en, base]), the same merge `new Faker({ locale: [...] })` makes.
import { faker as enInFaker } from '@faker-js/faker/locale/en_IN'
import { faker as enFaker } from '@faker-js/faker/locale/en'

const FakerClass = enInFaker.constructor as new (options: { locale: LocaleDefinition }) => Faker
const EN_IN: LocaleDefinition = enInFaker.rawDefinitions
const EN: LocaleDefinition = enFaker.rawDefinitions

/** A faker with Indian English first, then English, then the base locale, seeded. */
export function createSeededFaker (seed: number): Faker {
  const f = new FakerClass({ locale: EN_IN })
  f.seed(seed)
  return f
}

/** A faker with English, then the base locale (unseeded). */
export function createEnglishFaker (): Faker {
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
