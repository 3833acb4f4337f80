#!/usr/bin/env bash
# Makes a fleet-sized copy of this repository for measuring the gate at scale (issue 24): the repository's own files
# (tracked and untracked, not ignored) plus N-3 clusters cloned from staging (fleet-001, fleet-002, …), each with its own
# values file and bootstrap Application, declared in validation.yaml. The copy is a Git repository with one commit, so
# `diff --base HEAD` works on it. Nothing it makes belongs in the repository.
#
#   make-fleet.sh OUT [CLUSTERS]      (CLUSTERS defaults to 100, counting dev, staging and production)
set -euo pipefail
out=${1:?usage: make-fleet.sh OUT [CLUSTERS]}
clusters=${2:-100}
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
[ -e "$out" ] && { echo "$out exists; remove it first" >&2; exit 1; }
mkdir -p "$out"
# Only the configuration: the harness's source, tests and build output are not what a fleet repository holds.
git -C "$repo" ls-files -co --exclude-standard -z -- . ':!validation/Acolhimento.Validation*' ':!*.sln' |
  (cd "$repo" && xargs -0 cp --parents -t "$out")

for i in $(seq 1 $((clusters - 3))); do
  name=$(printf 'fleet-%03d' "$i")
  mkdir -p "$out/clusters/$name"
  for file in root-application.yaml appproject-bootstrap.yaml values.yaml; do
    sed -e "s|clusters/staging/|clusters/$name/|g" -e "s|the staging cluster|the $name cluster|g" \
      "$repo/clusters/staging/$file" > "$out/clusters/$name/$file"
  done
  printf '    - name: %s\n      kubernetesVersion: "1.35"\n' "$name" >> "$out/clusters.extra"
done
# The new clusters go at the end of spec.clusters, after production's entry.
awk -v extra="$out/clusters.extra" '
  { print }
  /^    - name: production$/ { inprod = 1; next }
  inprod && /^      kubernetesVersion:/ { while ((getline line < extra) > 0) print line; inprod = 0 }
' "$repo/validation.yaml" > "$out/validation.yaml"
rm "$out/clusters.extra"

git -C "$out" init -q -b main
git -C "$out" add -A
git -C "$out" -c user.name=bench -c user.email=bench@localhost commit -qm "fleet of $clusters clusters"
echo "$out: $(ls "$out/clusters" | wc -l) clusters"
