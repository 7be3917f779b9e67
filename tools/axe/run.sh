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

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${AXE_CACHE:-$ROOT/.cache/axe}"

die() { echo "axe: $*" >&2; exit 2; }

[ $# -ge 1 ] || die "användning: tools/axe/run.sh FIL.html [--widths 390,1280] [--shots MAPP] [--json FIL]"
[ -f "$1" ] || die "$1: filen finns inte. Bygg rapporten först (make report)."

find_chromium() {
    if [ -n "${CHROMIUM:-}" ]; then
        command -v "$CHROMIUM" && return 0
    fi
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$name" && return 0
    done
    return 1
}

if ! CHROMIUM="$(find_chromium)"; then
    [ "$(id -u)" -eq 0 ] || die "Chromium saknas. Installera det: sudo apt-get install chromium"
    echo "axe: installerar chromium" >&2
    # Try without a fresh index first: an offline machine may still have the package cached.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2; } \
        || die "apt-get kunde inte installera chromium."
    CHROMIUM="$(find_chromium)" || die "chromium saknas fortfarande efter apt-get."
fi
export CHROMIUM

command -v node >/dev/null 2>&1 || die "Node.js saknas. Installera det: sudo apt-get install nodejs npm"
command -v npm >/dev/null 2>&1 || die "npm saknas. Installera det: sudo apt-get install npm"

mkdir -p "$CACHE"
# The cache ignores itself, so nothing in it is ever committed (no .gitignore edit needed).
[ -f "$CACHE/.gitignore" ] || printf '*\n' > "$CACHE/.gitignore"

# Reinstall whenever the pinned versions change (the lock file is the stamp).
if ! cmp -s "$HERE/package-lock.json" "$CACHE/package-lock.json" || [ ! -d "$CACHE/node_modules/axe-core" ]; then
    echo "axe: installerar axe-core och puppeteer-core (package-lock.json) i $CACHE" >&2
    cp "$HERE/package.json" "$HERE/package-lock.json" "$CACHE/"
    (cd "$CACHE" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2) \
        || { rm -f "$CACHE/package-lock.json"; die "npm ci misslyckades (nätverk?)."; }
fi
# ESM resolves packages beside the script: run a copy that sits next to node_modules.
cp "$HERE/audit.mjs" "$CACHE/audit.mjs"
exec node "$CACHE/audit.mjs" "$@"
