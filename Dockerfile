# syntax=docker/dockerfile:1
# Qantar: the archive's web app. TypeScript runs through tsx (a production dependency), so there
# is no compile step; the build stage exists to compile better-sqlite3's native addon.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Toolchain for node-gyp, used when no prebuilt better-sqlite3 binary fits this platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Production dependencies only: test tools, browsers and type packages stay out of the image.
RUN npm ci --omit=dev --no-audit --no-fund \
  && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Code and dependencies stay owned by root: the app user can read them, not change them.
COPY --from=build /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY events ./events
COPY projections ./projections
COPY views ./views
COPY public ./public
# Served at /verify-export.py, for readers who check an exported log without trusting the site.
COPY docs/verify-export.py ./docs/verify-export.py
# The only place the app writes: its read model (and an embedded log, if QANTAR_STORE is sqlite:).
# A fresh named volume mounted here inherits this ownership.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["npm", "start"]
