#!/usr/bin/env bash
# Starts Korrigo on http://127.0.0.1:8080 with the embedded SQLite database under ./data (development mode).
set -euo pipefail
bin=${1:-build/src/cli/korrigo}
export KORRIGO_ENV=${KORRIGO_ENV:-development}
export KORRIGO_DATA_DIR=${KORRIGO_DATA_DIR:-./data}
export KORRIGO_LISTEN=${KORRIGO_LISTEN:-127.0.0.1:8080}
[ -d web/dist ] && export KORRIGO_WEB_DIR=${KORRIGO_WEB_DIR:-web/dist}
cat <<MSG

  Korrigo démarre sur http://${KORRIGO_LISTEN}/  (données : ${KORRIGO_DATA_DIR}, base SQLite intégrée)
  État du service : http://${KORRIGO_LISTEN}/api/v1/health/ready
  Description de l'API : http://${KORRIGO_LISTEN}/api/v1/openapi.yaml
  Arrêt : Ctrl+C

MSG
exec "$bin" serve --demo
