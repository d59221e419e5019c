# techladder-mock: local mock of the TechLadder call-batch API.
#
#   docker build -t techladder-mock .
#   docker run --rm -p 8080:8080 techladder-mock
#
# Two stages: `build` compiles better-sqlite3 and the TypeScript, then prunes to production
# dependencies; `runtime` copies only what runs onto a clean base.

# Node 22 LTS, not 24: better-sqlite3 12.x derives from node::ObjectWrap, and when it is compiled
# against Node >= 24.19 headers the process aborts ("Assertion failed: (env) != nullptr" in
# RemoveEnvironmentCleanupHook) as soon as V8 collects a prepared statement outside JS code
# (nodejs/node#65446). scripts/test-container.sh checks for exactly that abort. Move to 24 once
# better-sqlite3 >= 13 (Node-API) or a fixed Node 24 is in use.
FROM node:22-bookworm-slim AS build
# better-sqlite3 is a native addon. Build it from source rather than relying on a prebuilt
# download, so the image builds the same way with or without access to GitHub releases.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV npm_config_build_from_source=true \
    npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false
WORKDIR /app

# Dependencies first, so source edits do not recompile better-sqlite3.
COPY package.json package-lock.json ./
RUN npm ci \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

COPY tsconfig.json tsconfig.build.json ./

COPY src ./src
# Compile, then drop everything that never runs: source maps and declarations in dist/, dev
# dependencies, better-sqlite3's SQLite amalgamation, C++ sources and build intermediates (all
# but build/Release/better_sqlite3.node), and docs/maps/declarations inside node_modules.
RUN npm run build \
 && find dist -type f \( -name '*.map' -o -name '*.d.ts' \) -delete \
 && npm prune --omit=dev \
 && cd node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node /tmp/ \
 && rm -rf build deps src binding.gyp \
 && mkdir -p build/Release && mv /tmp/better_sqlite3.node build/Release/ \
 && cd /app \
 && find node_modules -type f \( -name '*.md' -o -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.tsbuildinfo' \) -delete \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
# Application files stay owned by root: the server only needs to read them.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src

COPY bin ./bin
# Optional file database: `-e DB_PATH=/data/techladder.db -v techladder-data:/data`.
# Without DB_PATH the server keeps its data in memory.
RUN mkdir -p /data && chown node:node /data \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"
VOLUME /data
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node is PID 1 and handles SIGTERM/SIGINT itself (drains in-flight requests, closes the DB).
CMD ["node", "dist/src/http/server.js"]
