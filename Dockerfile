# The API, the workers and the deploy CLI (one image, the command chooses).
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY types ./types
COPY src ./src
COPY workers ./workers
COPY bpmn ./bpmn
COPY config ./config
USER node
CMD ["node", "--import", "tsx", "workers/index.ts"]
