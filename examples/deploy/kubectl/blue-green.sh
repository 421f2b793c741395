#!/usr/bin/env bash
# Blue-green on Kubernetes with kubectl, for `proofline deploy --target command` (see app.yaml):
#   blue-green.sh bring-up COLOUR IMAGE_FILE   sets the colour's image to the digest in IMAGE_FILE
#                                              (the build's output, fingerprinted by proofline),
#                                              waits for the rollout and points the preview
#                                              Service at that colour for the smoke check
#   blue-green.sh switch COLOUR                patches the live Service's selector to COLOUR
# Environment: NAMESPACE (default payments), APP (default payments), KUBECTL (default kubectl),
# ROLLOUT_TIMEOUT (default 5m).
#
#   proofline deploy --change "$CHANGE" --env production --artifact image.txt --target command \
#     --bring-up "examples/deploy/kubectl/blue-green.sh bring-up {colour} {artifact}" \
#     --switch "examples/deploy/kubectl/blue-green.sh switch {colour}" \
#     --smoke-cmd "kubectl -n payments run smoke-{colour} --rm -i --restart=Never \
#                  --image=curlimages/curl -- curl -fsS http://payments-preview/health" \
#     --validate-url https://payments.bank.example/health
set -euo pipefail

ns=${NAMESPACE:-payments}
app=${APP:-payments}
kubectl=${KUBECTL:-kubectl}

colour_ok() {
  [[ $1 == blue || $1 == green ]] || { echo "colour must be blue or green, not '$1'" >&2; exit 2; }
}

selector_patch() {
  printf '{"spec":{"selector":{"app":"%s","colour":"%s"}}}' "$app" "$1"
}

bring_up() {
  local colour=$1 image_file=$2 image
  colour_ok "$colour"
  image=$(tr -d '[:space:]' <"$image_file")
  # Only immutable references: a tag could move between the approval and the rollout.
  [[ $image == *@sha256:* ]] || { echo "$image_file: expected IMAGE@sha256:DIGEST" >&2; exit 2; }
  "$kubectl" -n "$ns" set image "deployment/$app-$colour" "app=$image"
  "$kubectl" -n "$ns" rollout status "deployment/$app-$colour" --timeout="${ROLLOUT_TIMEOUT:-5m}"
  "$kubectl" -n "$ns" patch service "$app-preview" --type=merge -p "$(selector_patch "$colour")"
}

switch() {
  colour_ok "$1"
  "$kubectl" -n "$ns" patch service "$app" --type=merge -p "$(selector_patch "$1")"
}

case ${1:-} in
  bring-up) bring_up "${@:2}" ;;
  switch) switch "${@:2}" ;;
  *) sed -n '2,18p' "$0" >&2; exit 2 ;;
esac
