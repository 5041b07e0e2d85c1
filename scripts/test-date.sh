#!/usr/bin/env bash
# pnpm test:date — the date-sensitive test files with the machine's clock moved (libfaketime:
# Node, the embedded PostgreSQL and Chromium's processes see the moved clock; nats-server is Go
# and keeps the real one, which nothing here depends on). Guards against the suite going red
# on New Year again: the fixture plans are 2026's, so anything that dates an event or judges
# "today" by the real clock instead of the stack's (tests/support/stack.ts, TEST_DAY) fails
# here first.
#
# Two dates:
#   2027-03-15 10:00 China time — after the fixture plans' year: an event dated "now" by the
#     real clock falls outside TP-2026 / WJC-2026 and is refused.
#   2026-12-31 23:30 China time (15:30 UTC) — the run crosses midnight into 2027 in China
#     while it runs: tests on the real clock on purpose (the server process's demo year,
#     DEMO_TODAY "next year") must not compute the year twice.
#
# The files (about 1.5 min per date on two cores):
#   reports, photos, live-socket   — events dated by the stack clock through the HTTP door,
#                                    JetStream and writeBatch; report history "today"
#   live-resync (integration)      — publishEvent (live-support) and an app built outside startStack
#   live-multi-instance            — server and ingest processes on the real clock, fixed 2026 dates
#   server-process                 — `npm start`'s demo on the real clock, then DEMO_TODAY next year
#   live-update, wall-honesty      — Chromium: events dated by the stack clock shown live
#   supervision (browser)          — 通报 "last month" from the server, not the browser's clock
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null 2>&1; then
  echo 'test:date needs faketime (Debian: sudo apt-get install faketime; .ci/run installs it)' >&2
  exit 1
fi

files=(
  tests/integration/reports.test.ts
  tests/integration/photos.test.ts
  tests/integration/live-socket.test.ts
  tests/integration/live-resync.test.ts
  tests/integration/live-multi-instance.test.ts
  tests/integration/server-process.test.ts
  tests/browser/live-update.test.ts
  tests/browser/wall-honesty.test.ts
  tests/browser/supervision.test.ts
)

for at in '2027-03-15 10:00:00 +0800' '2026-12-31 23:30:00 +0800'; do
  echo "== test:date at ${at}"
  faketime "${at}" npx vitest run "${files[@]}"
done
