#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
# .data holds applicants' names and IINs (the engine's H2 file, Redis's append-only file): this user's alone.
umask 077
exec node --import tsx src/cli/start.ts
