# One image for every Node service of Scrape Lab (web, lab, demo apps); compose picks the command.

# Everything needed to build, dev dependencies included.
FROM node:20.18-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
# The page, and every Node service as one JavaScript bundle (dist/): no TypeScript loader at run time.
RUN node node_modules/next/dist/bin/next build && node --import tsx server/supervisor/bundle-main.ts

# Only what runs: production dependencies, which the bundles load as installed.
FROM node:20.18-bookworm-slim AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20.18-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    BIND_HOST=0.0.0.0
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/dist ./dist
COPY package.json next.config.mjs tsconfig.json ./
COPY config ./config
COPY server ./server
COPY demos ./demos
# The lab writes Prometheus' config here, and the first service the shared control token; named volumes
# mounted on them start with this owner.
RUN mkdir -p /prometheus-config /run/scrape-lab && chown node:node /prometheus-config /run/scrape-lab
USER node
EXPOSE 3000
CMD ["node", "--lite-mode", "dist/server/web/main.js", "--port", "3000", "--hostname", "0.0.0.0"]
