# The API, the workers and the deploy CLI (one image, the command chooses), compiled to JavaScript:
# with the flags of DAEMON_NODE_FLAGS (src/runtime/daemon.ts) the daemon peaks below 80 MB (docs/operators.md, Benchmarks).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# bpmnlint-plugin-housing-assistance is a dependency from this folder (file:packages/…).
COPY packages ./packages
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY types ./types
COPY src ./src
COPY workers ./workers
RUN npx tsc -p tsconfig.build.json

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY packages ./packages
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY bpmn ./bpmn
COPY config ./config
USER node
CMD ["node", "--max-semi-space-size=1", "--max-old-space-size=48", "--v8-pool-size=1", "--jitless", "--no-expose-wasm", "dist/src/cli/workers.js"]
