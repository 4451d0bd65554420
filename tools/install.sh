#!/usr/bin/env bash
# Builds the real parts the lab can run instead of its stand-ins into tools/bin (git-ignored):
# prom/statsd-exporter and Prometheus 3.x (with promtool), from the Go module proxy. A tool already built at the pinned
# version is kept, so running this again costs nothing.
set -euo pipefail
cd "$(dirname "$0")"

STATSD_EXPORTER_VERSION=0.30.0
PROMETHEUS_VERSION=3.16.0
# Prometheus 3.MM.P is published to the Go module proxy as v0.3MM.P.
PROMETHEUS_MODULE_VERSION=v0.316.0

command -v go >/dev/null || {
  echo "tools/install.sh: go is not on PATH; install Go 1.24+ (https://go.dev/dl/) and run this again" >&2
  exit 1
}
mkdir -p bin

# go install leaves the version empty; stamping it is how /metrics' build_info and --version tell which ran.
install_tool() {
  local name=$1 package=$2 module_version=$3 version=$4
  if [[ -x bin/$name ]] && "bin/$name" --version 2>&1 | grep -q "version $version "; then
    echo "tools: $name $version already in tools/bin"
    return
  fi
  echo "tools: building $name $version ($package@$module_version) into tools/bin ..."
  local stamp=github.com/prometheus/common/version
  GOBIN="$PWD/bin" go install \
    -ldflags "-X $stamp.Version=$version -X $stamp.Revision=v$version -X $stamp.Branch=HEAD -X $stamp.BuildUser=scrape-lab" \
    "$package@$module_version"
  "bin/$name" --version 2>&1 | head -1
}

if [[ $# -eq 0 || " $* " == *" statsd_exporter "* ]]; then
  install_tool statsd_exporter github.com/prometheus/statsd_exporter "v$STATSD_EXPORTER_VERSION" "$STATSD_EXPORTER_VERSION"
fi
if [[ $# -eq 0 || " $* " == *" prometheus "* ]]; then
  install_tool prometheus github.com/prometheus/prometheus/cmd/prometheus "$PROMETHEUS_MODULE_VERSION" "$PROMETHEUS_VERSION"
  # promtool checks the rendered configs against the same version.
  install_tool promtool github.com/prometheus/prometheus/cmd/promtool "$PROMETHEUS_MODULE_VERSION" "$PROMETHEUS_VERSION"
fi
