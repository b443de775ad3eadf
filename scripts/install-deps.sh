#!/usr/bin/env bash
# Installs the Debian packages Korrigo needs to build, test and run, only when some are missing.
# Usage: scripts/install-deps.sh [build|test]   (test adds PostgreSQL and the PDF/HTTP tools the tests use)
set -euo pipefail
mode=${1:-test}

build_pkgs=(
  build-essential cmake ninja-build pkg-config git ccache
  libboost1.81-dev nlohmann-json3-dev
  libsoci-dev libsqlite3-dev libpq-dev
  libqpdf-dev libcairo2-dev fonts-dejavu-core
  libpoppler-cpp-dev libturbojpeg0-dev
  libcurl4-openssl-dev libtesseract-dev tesseract-ocr-fra tesseract-ocr-eng
  libzxing-dev libqrencode-dev libsodium-dev
  libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
test_pkgs=(postgresql-15 sqlite3 poppler-utils qpdf curl time wrk procps clang-format)

pkgs=("${build_pkgs[@]}")
[ "$mode" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Paquets manquants : ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Installez-les en tant que root :" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
