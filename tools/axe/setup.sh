# Sourced by run.sh and preview.sh: find (or, as root, install) Chromium, check Node and npm, and
# install the pinned puppeteer-core and axe-core of package-lock.json into the cache. Sets CHROMIUM
# (exported) and CACHE; defines die. Exit status 2 on a set-up error.

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${AXE_CACHE:-$ROOT/.cache/axe}"

die() { echo "axe: $*" >&2; exit 2; }

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
