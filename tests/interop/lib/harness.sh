# shellcheck shell=bash source-path=SCRIPTDIR
# The interop harness: source this one file from a test script (see tests/interop/README.md).
#   source "$(dirname "$0")/lib/harness.sh"
#   harness_init oi-xx
#   run_scenario NAME tunnel_scenario left=charon right=charon ...
#   harness_finish

_harness_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
source "$_harness_dir/common.sh"
# shellcheck source=topo.sh
source "$_harness_dir/topo.sh"
# shellcheck source=side.sh
source "$_harness_dir/side.sh"
# shellcheck source=charon.sh
source "$_harness_dir/charon.sh"
# shellcheck source=oakley.sh
source "$_harness_dir/oakley.sh"
# shellcheck source=assert.sh
source "$_harness_dir/assert.sh"
# shellcheck source=capture.sh
source "$_harness_dir/capture.sh"
# shellcheck source=scenario.sh
source "$_harness_dir/scenario.sh"
unset _harness_dir
