#!/usr/bin/env bash
# `npm test`: installs what is missing, type-checks and lints, then runs every test against a real engine and Redis
# (started by test/support/global-setup.ts unless CAMUNDA_URL / REDIS_URL point at running ones).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh
# promtool unit-tests ops/alerts.yml (test/unit/alerts.test.ts).
bash scripts/ensure-prometheus.sh
node_modules/.bin/tsc -p tsconfig.json
# ESLint (type-aware, with the import layers) and Prettier: the tree passes before any test runs.
node_modules/.bin/eslint .
node_modules/.bin/prettier --check . >/dev/null
NODE_OPTIONS=--experimental-vm-modules node_modules/.bin/jest "$@"
# The whole run also runs chaos at a size that fits CI (100 applications, a replica SIGKILLed every ~2 s):
# any lost, stuck, duplicated or wrong outcome fails it. The full 1000 stays `npm run chaos`.
if [ $# -eq 0 ]; then
  CHAOS_APPLICATIONS="${CHAOS_APPLICATIONS:-100}" CHAOS_KILL_EVERY_MS="${CHAOS_KILL_EVERY_MS:-2000}" \
    node --import tsx test/chaos/chaos.ts
fi
