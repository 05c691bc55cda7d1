#!/usr/bin/env bash
# Creates or updates the ConfigMaps that hold routes/ (one per folder; the Deployment mounts them over /app/routes/<folder>).
# Running pods see the change within the kubelet's sync period and reload the changed files (validated first; a broken
# file is refused and the old routes keep running). Usage: deploy/kubernetes/routes-configmaps.sh [kubectl args...]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
for folder in flows kamelets error-handling mappings; do
  kubectl create configmap "mediarelay-$folder" --from-file="$root/routes/$folder" --dry-run=client -o yaml "$@" \
    | kubectl apply "$@" -f -
done
