#!/usr/bin/env bash
# Reproduces the integration suite's flake: Terraform runs that share one
# plugin cache (TF_PLUGIN_CACHE_DIR, which cdktf sets to
# ~/.terraform.d/plugin-cache unless CDKTF_DISABLE_PLUGIN_CACHE_ENV=1) race.
#
# Terraform >= 1.4 re-installs a provider into the cache on every `init`
# without a lock file entry (every fresh deploy folder): it unlinks the cache
# entry and links it again. Meanwhile
#   1. another `init` doing the same fails ("mkdir ...: file exists"), and
#   2. a plan/apply/destroy in a folder initialized through the cache, which
#      reaches its provider through that entry, finds no provider
#      ("Required plugins are not installed").
#
# usage: TF_PROVIDER_MIRROR=/opt/tf-plugins scripts/repro/plugin-cache-race.sh [LOOPS] [SECONDS]
# Offline (filesystem mirror only), in a temporary folder, bounded in time.
set -uo pipefail
mirror=${TF_PROVIDER_MIRROR:?set TF_PROVIDER_MIRROR to a filesystem mirror holding hashicorp/aws}
loops=${1:-4}
seconds=${2:-60}
work=$(mktemp -d /tmp/plugin-cache-race-XXXXXX)
trap 'rm -rf "$work"' EXIT
cat > "$work/terraform.rc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$work/terraform.rc" TF_PLUGIN_CACHE_DIR="$work/cache"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
mkdir -p "$TF_PLUGIN_CACHE_DIR"
config='{"terraform":{"required_providers":{"aws":{"source":"hashicorp/aws"}}}}'
version=$(ls "$mirror/registry.terraform.io/hashicorp/aws" | head -n 1)
platform=$(ls "$mirror/registry.terraform.io/hashicorp/aws/$version" | head -n 1)
entry="$TF_PLUGIN_CACHE_DIR/registry.terraform.io/hashicorp/aws/$version/$platform"

echo "1. A folder initialized through the cache, run while the cache entry is"
echo "   between the unlink and the new link of another folder's init:"
mkdir "$work/initialized"
echo "$config" > "$work/initialized/main.tf.json"
(cd "$work/initialized" && terraform init -no-color > /dev/null) || exit 1
echo "   $(readlink "$work/initialized/.terraform/providers/registry.terraform.io/hashicorp/aws/$version/$platform")"
mv "$entry" "$entry.aside"
(cd "$work/initialized" && terraform providers schema -json -no-color 2>&1 >/dev/null | grep -m 2 -E 'Error|no package' | sed 's/^/   /')
mv "$entry.aside" "$entry"

echo "2. $loops loops of fresh 'terraform init', one cache, for ${seconds}s:"
end=$((SECONDS + seconds))
for n in $(seq 1 "$loops"); do
  (
    runs=0 failed=0
    while [ "$SECONDS" -lt "$end" ]; do
      runs=$((runs + 1))
      dir="$work/loop$n-$runs"
      mkdir "$dir" && echo "$config" > "$dir/main.tf.json"
      if ! (cd "$dir" && terraform init -no-color > "$dir.log" 2>&1); then
        failed=$((failed + 1))
        echo "   loop $n, init $runs failed: $(grep -v '^$' "$dir.log" | grep -A4 'Error' | tr -s ' \n' ' ' | cut -c1-300)"
      fi
      rm -rf "$dir" "$dir.log"
    done
    echo "   loop $n: $runs inits, $failed failed"
  ) &
done
wait
