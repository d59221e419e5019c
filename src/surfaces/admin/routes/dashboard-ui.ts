/**
 * The dashboard at /__admin/ui: a page of plain HTML, CSS and JavaScript shipped in the package
 * (src/surfaces/admin/ui, copied next to the compiled routes by `npm run build`), no build step and
 * nothing from a CDN. The files are read once, at start-up, compressed once (gzip, for clients that
 * accept it: the page is about a quarter of its size over the wire) and served with an ETag.
 *
 * The page's files hold no data and no secret, so they load without the admin token (a browser
 * cannot send a header on a navigation); everything the page shows comes from the control API,
 * which keeps requiring the token when one is set: the page asks for it and sends it as
 * X-Admin-Token on its own requests (docs/dashboard.md).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Type } from 'typebox'
import { ApiError } from '../../techladder/errors.js'
import { ErrorEnvelopeSchema } from '../../techladder/envelope.js'
import { ADMIN_TAG } from '../schemas/admin.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without the admin token (the dashboard's static files: no data, no secret). */
    adminPublic?: boolean
  }
}

/** Where the page's files are: next to this module's folder, in the sources and in dist/ alike. */
export const UI_DIR = fileURLToPath(new URL('../ui/', import.meta.url))
export const UI_PAGE = 'index.html'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml'
}

interface Asset { body: string, gzip: Buffer, type: string, etag: string }

/** The page's files by name, all text (only the types above: nothing else in the folder is ever served). */
function loadAssets (): Map<string, Asset> | Error {
  try {
    const assets = new Map<string, Asset>()
    for (const name of readdirSync(UI_DIR)) {
      const type = TYPES[extname(name)]
      if (type === undefined) continue
      const body = readFileSync(join(UI_DIR, name), 'utf8')
      assets.set(name, { body, gzip: gzipSync(body, { level: 9 }), type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` })
    }
    if (!assets.has(UI_PAGE)) throw new Error(`${UI_PAGE} is missing`)
    return assets
  } catch (err) {
    return err as Error
  }
}

/**
 * Scripts, styles and requests from this origin only; no inline script, no framing (a page with
 * buttons that cancel batches must not be clickjacked), no referrer.
 */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer'
}

const missing = (err: Error) => new ApiError(500, 'INTERNAL_ERROR', 'The dashboard\'s files are missing from this installation',
  [`${UI_DIR}: ${err.message}. Build again (npm run build copies src/surfaces/admin/ui into dist/).`])

/** Whether the request accepts gzip: named with a q above 0, or else under `*` with a q above 0. */
export function acceptsGzip (header: string | undefined): boolean {
  if (header === undefined) return false
  const q: Record<string, number> = {}
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';').map(p => p.trim())
    const qParam = params.find(p => p.startsWith('q='))
    const value = qParam === undefined ? 1 : Number(qParam.slice(2))
    q[coding] = Number.isFinite(value) ? value : 0
  }
  return (q.gzip ?? q['*'] ?? 0) > 0
}

/** The asset as the request accepts it: gzip when it may, else as is; either way the same ETag's variants. */
function reply200 (reply: FastifyReply, request: FastifyRequest, asset: Asset): FastifyReply {
  void reply.type(asset.type)
  if (acceptsGzip(request.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(asset.gzip)
  return reply.send(asset.body)
}

const dashboardUi: FastifyPluginAsyncTypebox = async (app) => {
  const assets = loadAssets()
  if (assets instanceof Error) app.log.warn({ dir: UI_DIR, err: assets.message }, 'the dashboard\'s files are missing: /__admin/ui answers 500')

  const send = (name: string, ifNoneMatch: string | undefined) => {
    if (assets instanceof Error) throw missing(assets)
    const asset = assets.get(name)
    if (asset === undefined) return undefined
    return { asset, fresh: ifNoneMatch === asset.etag }
  }

  app.get('/ui', {
    config: { adminPublic: true },
    schema: {
      tags: [ADMIN_TAG],
      summary: 'The dashboard: batches of every provider, the clock, the request journal, webhook deliveries (HTML)',
      description: 'Opens without the admin token (the page holds no data); when ADMIN_TOKEN is set, the page asks for it and sends it as X-Admin-Token on its requests to the control API. See docs/dashboard.md.',
      security: [],
      response: {
        200: { description: 'The page', content: { 'text/html': { schema: Type.String() } } },
        304: { description: 'Not modified (If-None-Match)', content: { 'text/html': { schema: Type.String() } } },
        500: { ...ErrorEnvelopeSchema, description: 'The dashboard\'s files are missing from this installation' }
      }
    }
  }, async (request, reply) => {
    const found = send(UI_PAGE, request.headers['if-none-match']) as { asset: Asset, fresh: boolean }
    void reply.headers(SECURITY_HEADERS).header('etag', found.asset.etag).header('cache-control', 'no-cache').header('vary', 'Accept-Encoding')
    if (found.fresh) return reply.code(304).send()
    return reply200(reply, request, found.asset)
  })

  app.get('/ui/:file', {
    config: { adminPublic: true },
    schema: {
      tags: [ADMIN_TAG],
      summary: 'A file of the dashboard (its script and style sheet)',
      security: [],
      params: Type.Object({ file: Type.String({ examples: ['dashboard.js'] }) }),
      response: {
        200: { description: 'The file', content: { 'text/javascript': { schema: Type.String() }, 'text/css': { schema: Type.String() } } },
        304: { description: 'Not modified (If-None-Match)', content: { 'text/javascript': { schema: Type.String() } } },
        404: { ...ErrorEnvelopeSchema, description: 'No such file' },
        500: { ...ErrorEnvelopeSchema, description: 'The dashboard\'s files are missing from this installation' }
      }
    }
  }, async (request, reply) => {
    const { file } = request.params
    const found = file === UI_PAGE ? undefined : send(file, request.headers['if-none-match'])
    if (found === undefined) {
      throw new ApiError(404, 'NOT_FOUND', 'Not found', [`The dashboard has no file ${file}`])
    }
    void reply.headers(SECURITY_HEADERS).header('etag', found.asset.etag).header('cache-control', 'no-cache').header('vary', 'Accept-Encoding')
    if (found.fresh) return reply.code(304).send()
    return reply200(reply, request, found.asset)
  })
}

export default dashboardUi
