#!/usr/bin/env bash
# sys_privilege_drop: right runs with oakley { user; group } set to a throwaway system account.
# Once up, its main thread must have every uid/gid switched, no supplementary groups, only
# CAP_NET_ADMIN effective and permitted, an empty bounding set, and no_new_privs; its other threads
# no capability at all. It must still establish a tunnel (routes and the nftables filter change
# after the drop), pass traffic, and reload its configuration (oakctl load and SIGHUP).
#   privilege_drop_test.sh OAKLEYD OAKCTL
set -euo pipefail
SYS_OAKLEYD=${1:?usage: privilege_drop_test.sh oakleyd oakctl}
SYS_OAKCTL=${2:?}
source "$(dirname "$0")/lib.sh"
sys_require_root
command -v useradd >/dev/null || sys_skip "useradd not installed"
account="${DP_PREFIX}u"
cleanup() {
  sys_cleanup
  userdel "$account" >/dev/null 2>&1 || true
  groupdel "$account" >/dev/null 2>&1 || true
}
trap cleanup EXIT
useradd --system --no-create-home --shell /usr/sbin/nologin --user-group "$account" ||
  dp_fail "cannot create the account $account"
uid=$(id -u "$account") gid=$(id -g "$account")

dp_pair_up
sys_conf l "keyingtries = 0"
sys_conf r "" "user = $account
    group = $account"
# What the operator does: configuration (and keys) readable by the daemon's group.
chgrp "$account" "$DP_WORK" "$DP_WORK/r.conf"
chmod 750 "$DP_WORK"
chmod 640 "$DP_WORK/r.conf"
sys_start r
pid=$(sys_pid r)
grep -q "running as user $account" "$DP_WORK/r.log" || { cat "$DP_WORK/r.log"; dp_fail "no drop"; }

field() { awk -v k="$1:" '$1 == k {$1 = ""; sub(/^ /, ""); print}' "$2"; }
status=/proc/$pid/status
[[ $(field Uid "$status") == "$uid $uid $uid $uid" ]] || dp_fail "Uid: $(field Uid "$status")"
[[ $(field Gid "$status") == "$gid $gid $gid $gid" ]] || dp_fail "Gid: $(field Gid "$status")"
[[ -z $(field Groups "$status") ]] || dp_fail "supplementary groups kept: $(field Groups "$status")"
net_admin=0000000000001000  # 1 << CAP_NET_ADMIN (12)
[[ $(field CapEff "$status") == "$net_admin" ]] || dp_fail "CapEff $(field CapEff "$status")"
[[ $(field CapPrm "$status") == "$net_admin" ]] || dp_fail "CapPrm $(field CapPrm "$status")"
[[ $(field CapInh "$status") == 0000000000000000 ]] || dp_fail "CapInh $(field CapInh "$status")"
[[ $(field CapAmb "$status") == 0000000000000000 ]] || dp_fail "CapAmb $(field CapAmb "$status")"
[[ $(field CapBnd "$status") == 0000000000000000 ]] || dp_fail "CapBnd $(field CapBnd "$status")"
[[ $(field NoNewPrivs "$status") == 1 ]] || dp_fail "NoNewPrivs $(field NoNewPrivs "$status")"
for task in /proc/"$pid"/task/*; do
  [[ $task == /proc/$pid/task/$pid ]] && continue
  [[ $(field Uid "$task/status") == "$uid $uid $uid $uid" ]] || dp_fail "thread $task Uid"
  [[ $(field CapPrm "$task/status") == 0000000000000000 ]] ||
    dp_fail "thread $task keeps capabilities $(field CapPrm "$task/status")"
done
dp_log "right runs as $account ($uid/$gid): CapEff=CapPrm=CAP_NET_ADMIN, no bounding set, threads without capabilities"

sys_start l
sys_ctl l initiate t/net --timeout 20 >"$DP_WORK/initiate.log" 2>&1 ||
  { cat "$DP_WORK/initiate.log"; tail -20 "$DP_WORK/r.log"; dp_fail "no tunnel"; }
replies=$(sys_ping_count l)
((${replies:-0} >= 8)) || dp_fail "tunnel carries no traffic (${replies:-0}/10)"
routes=$(dp_exec r ip route show table all)
grep -q '10.1.0.0/24' <<<"$routes" || dp_fail "no route added after the drop"
rules=$(dp_exec r nft list table inet oakley_oak0)
grep -q 'ip saddr 10.1.0.0/24' <<<"$rules" || dp_fail "inbound filter not updated after the drop"
dp_log "tunnel, route and inbound filter work after the drop"

# Reload through the control socket: a new connection appears.
sed -i 's/^connections {/connections {\n    extra {\n        remote_addrs = 192.0.2.99\n        local { auth = psk }\n        remote { auth = psk }\n    }/' "$DP_WORK/r.conf"
sys_ctl r load >"$DP_WORK/load.log" 2>&1 || { cat "$DP_WORK/load.log"; dp_fail "oakctl load failed"; }
conns=$(sys_ctl r list-conns)
grep -q extra <<<"$conns" || dp_fail "reloaded connection not listed"
kill -HUP "$pid"
for ((i = 0; i < 50; i++)); do
  [[ $(grep -c "configuration reloaded" "$DP_WORK/r.log") -ge 2 ]] && break
  sleep 0.1
done
[[ $(grep -c "configuration reloaded" "$DP_WORK/r.log") -ge 2 ]] ||
  { tail -5 "$DP_WORK/r.log"; dp_fail "SIGHUP reload failed"; }
replies=$(sys_ping_count l)
((${replies:-0} >= 8)) || dp_fail "tunnel lost after reload (${replies:-0}/10)"
dp_log "reload by oakctl load and SIGHUP works unprivileged"

# What it set up as root it removes unprivileged: the rules to its routing table (routes.hpp).
grep -q "lookup 220" <<<"$(dp_exec r ip rule show)" || dp_fail "no rule to table 220"
sys_stop r
! grep -q "lookup 220" <<<"$(dp_exec r ip rule show)" ||
  { tail -5 "$DP_WORK/r.log"; dp_fail "rule to table 220 left behind by the unprivileged daemon"; }
dp_log "routing rules removed at exit after the drop"
dp_log "PASS"
