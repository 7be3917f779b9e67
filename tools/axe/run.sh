#!/usr/bin/env bash
# Audit the HTML edition with axe-core (WCAG 2.1 A and AA) in headless Chromium, offline.
#
#   tools/axe/run.sh outputs/html/index.html [--widths 390,1280] [--shots DIR] [--json FILE]
#
# Installs what is missing: a Chromium (Debian's `chromium` with apt-get when run as root, unless
# Google Chrome or CHROMIUM is already there) and, with npm, the pinned axe-core and puppeteer-core
# of package-lock.json into the git-ignored .cache/axe/ (PUPPETEER_SKIP_DOWNLOAD: puppeteer never
# downloads a browser). Then runs audit.mjs. Exit status: 0 no violation, 1 a violation or a
# failed check (printed: rule id, impact, target), 2 set-up or usage error. AXE_CACHE overrides
# the cache folder. See tools/axe/README.md.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

[ $# -ge 1 ] || die "användning: tools/axe/run.sh FIL.html [--widths 390,1280] [--shots MAPP] [--json FIL]"
[ -f "$1" ] || die "$1: filen finns inte. Bygg rapporten först (make report)."

# ESM resolves packages beside the script: run a copy that sits next to node_modules.
cp "$HERE/audit.mjs" "$CACHE/audit.mjs"
exec node "$CACHE/audit.mjs" "$@"
