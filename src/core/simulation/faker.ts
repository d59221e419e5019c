/**
 * Seeded fakers and the small draws every generator here shares. A faker is seeded from a pure
 * function of its inputs, so the same seed gives the same data on every run.
 */
import { Faker, base, en, en_IN } from '@faker-js/faker'

/** A faker with Indian English first, then English, then the base locale, seeded. */
export function createSeededFaker (seed: number): Faker {
  const f = new Faker({ locale: [en_IN, en, base] })
  f.seed(seed)
  return f
}

/** `length` lowercase hex characters. */
export function hexId (f: Faker, length: number): string {
  return f.string.hexadecimal({ length, casing: 'lower', prefix: '' })
}

/** One of `items`, drawn with a single float (cheaper than faker's helpers, and stable across faker versions). */
export const pick = <T>(f: Faker, items: ArrayLike<T>): T => items[Math.floor(f.number.float() * items.length)]
/** An integer in [min, max]. */
export const between = (f: Faker, min: number, max: number): number => min + Math.floor(f.number.float() * (max - min + 1))
