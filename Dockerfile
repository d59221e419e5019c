# techladder-mock: local mock of the TechLadder call-batch API.
#
#   docker build -t techladder-mock .
#   docker run --rm -p 8080:8080 techladder-mock
#
# Two stages: `build` installs the dependencies, compiles the TypeScript and prunes to what runs;
# `runtime` copies only that onto a clean base.

# Node 24 LTS, the line the whole test suite runs on. better-sqlite3 13 is a Node-API addon and ships
# prebuilt binaries inside its npm package: nothing compiles, so the build stage needs no python,
# make or g++. (12.x aborted on Node >= 24.19 when V8 collected a statement; scripts/test-container.sh
# still runs that reproducer inside the image.)
FROM node:24-bookworm-slim AS build
ENV npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false
WORKDIR /app

# Dependencies first, so source edits reuse this layer. --ignore-scripts: no install script is
# needed (better-sqlite3 loads its prebuilt binary), and the project's own `prepare` (the build)
# runs below, once the sources are here.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

COPY tsconfig.json tsconfig.build.json ./
# The build's last step stores the default seed's image beside the compiled code.
COPY scripts/build-seed-image.mjs ./scripts/

COPY src ./src
# Compile, then drop everything that never runs: source maps and declarations in dist/, dev
# dependencies, better-sqlite3's SQLite and C++ sources and the prebuilt binaries of other
# platforms, and docs/maps/declarations inside node_modules.
RUN npm run build \
 && find dist -type f \( -name '*.map' -o -name '*.d.ts' \) -delete \
 && npm prune --omit=dev --ignore-scripts \
 && keep="$(node -p "require('./node_modules/better-sqlite3/lib/binding.js').getPrebuildPath()")" \
 && test -f "$keep" \
 && find node_modules/better-sqlite3/prebuilds -type f ! -name "$(basename "$keep")" -delete \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src node_modules/better-sqlite3/build node_modules/better-sqlite3/binding.gyp \
 && find node_modules -type f \( -name '*.md' -o -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.tsbuildinfo' \) -delete \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

FROM node:24-bookworm-slim AS runtime
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
CMD ["node", "dist/src/server.js"]
