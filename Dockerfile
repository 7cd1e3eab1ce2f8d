# The API, the workers and the deploy CLI (one image, the command chooses), compiled to JavaScript:
# the daemon then needs ~50 MB less than under tsx (see README, benchmarks).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
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
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY bpmn ./bpmn
COPY config ./config
USER node
CMD ["node", "--max-semi-space-size=2", "dist/workers/index.js"]
