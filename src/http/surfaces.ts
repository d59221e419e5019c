/**
 * The API surfaces this server serves, each under its own prefix (src/surfaces/<name>/). Adding
 * a surface is a folder and one line here. The control API comes last.
 */
import type { Provider } from '../core/model/records.js'
import type { ProviderSeed } from '../core/seed/index.js'
import type { ProviderParts, Surface } from './surface.js'
import { techladderSurface } from '../surfaces/techladder/index.js'
import { cartesiaSurface } from '../surfaces/cartesia/index.js'
import { ultravoxSurface } from '../surfaces/ultravox/index.js'
import { adminSurface } from '../surfaces/admin/index.js'

export const API_SURFACES: readonly Surface[] = [
  techladderSurface,
  cartesiaSurface,
  ultravoxSurface
]

export const CONTROL_SURFACE: Surface = adminSurface

export const ALL_SURFACES: readonly Surface[] = [...API_SURFACES, CONTROL_SURFACE]

/** Each provider's parts, by provider. */
export const PROVIDERS_BY_NAME: ReadonlyMap<Provider, ProviderParts> = new Map(
  API_SURFACES.flatMap(s => s.provider === undefined ? [] : [[s.provider.provider, s.provider] as const]))

/** What every provider seeds, in the order the seeder runs them (the store's and the stored image's). */
export const PROVIDER_SEEDS: readonly ProviderSeed[] = [...PROVIDERS_BY_NAME.values()].map(p => ({ provider: p.provider, ...p.seed }))
