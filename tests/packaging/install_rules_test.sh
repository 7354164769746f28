#!/usr/bin/env bash
# What `cmake --install` puts outside the prefix's usual folders, placed at install time from the
# prefix given then: the systemd unit (component service) and /etc/oakley (component config).
# Neither needs a built program, so this needs no root and runs in every build.
#  - The unit passes `systemd-analyze verify` without a single warning (systemd only warns about
#    a misspelt key or a value it cannot parse, and ignores the line, so any output fails), and
#    the settings the daemon depends on are as they must be.
#  - The prefix decides the paths: /usr (the package) → /etc/oakley and systemd's own folder;
#    any other prefix → PREFIX/etc/oakley and PREFIX/lib/systemd/system; DESTDIR is honoured.
#  - The folders have their modes, and a second install keeps the operator's configuration.
#   install_rules_test.sh BUILD_DIR
set -euo pipefail
build=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oakley-install-$$-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
install_part() { # COMPONENT PREFIX [DESTDIR]
  DESTDIR=${3:-} cmake --install "$build" --component "$1" --prefix "$2" >/dev/null
}

# --- the unit, under a temporary prefix, verified ---
prefix=$tmp/prefix
install_part service "$prefix"
unit=$prefix/lib/systemd/system/oakleyd.service
[[ -f $unit ]] || {
  echo "FAIL: no unit at $unit" >&2
  exit 1
}
# verify checks that the programs exist: stand-ins will do, the unit is what is checked here
mkdir -p "$prefix/sbin"
for program in oakleyd oakctl; do
  printf '#!/bin/sh\nexit 0\n' >"$prefix/sbin/$program"
  chmod 755 "$prefix/sbin/$program"
done
if ! out=$(systemd-analyze verify --man=no "$unit" 2>&1); then
  fail "systemd-analyze verify failed: $out"
elif [[ -n $out ]]; then
  fail "systemd-analyze verify warned: $out"
fi

# line FILE LINE: FILE has exactly this line
line() {
  grep -qxF -- "$2" "$1" || fail "$1: no line '$2' (have: $(grep -F "${2%%=*}=" "$1" || true))"
}
line "$unit" "Type=notify"
line "$unit" "ExecStart=$prefix/sbin/oakleyd --config $prefix/etc/oakley/oakley.conf"
line "$unit" "ExecReload=$prefix/sbin/oakctl load"
line "$unit" "WatchdogSec=30s"
line "$unit" "Restart=on-failure"
# /run/oakley: the folder of the control socket's default (oakctl's and the configuration's)
line "$unit" "RuntimeDirectory=oakley"
line "$unit" "ConfigurationDirectory=oakley"
line "$unit" "CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_BIND_SERVICE CAP_NET_RAW CAP_SETUID CAP_SETGID CAP_SETPCAP"
line "$unit" "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK"
line "$unit" "NoNewPrivileges=yes"
line "$unit" "ProtectSystem=strict"
line "$unit" "ProtectHome=yes"
line "$unit" "PrivateTmp=yes"
line "$unit" "DevicePolicy=closed"
line "$unit" "DeviceAllow=/dev/net/tun rw"
line "$unit" "WantedBy=multi-user.target"
# SIGTERM is the graceful shutdown (DELETE to every peer): nothing may replace it
if grep -Eq '^(ExecStop|KillSignal)=' "$unit"; then
  fail "$unit: the unit must stop oakleyd with SIGTERM"
fi

# --- the configuration folder under the same prefix: modes, and a reinstall keeps edits ---
install_part config "$prefix"
conf=$prefix/etc/oakley
mode() { # PATH MODE
  [[ -e $1 ]] || {
    fail "$1 is missing"
    return
  }
  [[ $(stat -c %a "$1") == "$2" ]] || fail "$1 has mode $(stat -c %a "$1"), not $2"
}
mode "$conf" 755
mode "$conf/oakley.conf" 600
mode "$conf/conf.d" 700
mode "$conf/private" 700
mode "$conf/x509" 755
mode "$conf/x509ca" 755
cmp -s "$conf/oakley.conf" "$(dirname "$0")/../../packaging/oakley.conf" ||
  fail "$conf/oakley.conf is not packaging/oakley.conf"
echo "# the operator's edit" >>"$conf/oakley.conf"
install_part config "$prefix"
grep -qx "# the operator's edit" "$conf/oakley.conf" || fail "a second install replaced oakley.conf"

# --- the prefix /usr, as the package has it, into a DESTDIR ---
dest=$tmp/dest
install_part service /usr "$dest"
install_part config /usr "$dest"
units=("$dest"/lib/systemd/system/oakleyd.service "$dest"/usr/lib/systemd/system/oakleyd.service)
found=""
for u in "${units[@]}"; do [[ -f $u ]] && found=$u; done
if [[ -z $found ]]; then
  fail "prefix /usr: no unit in $dest/lib/systemd/system or $dest/usr/lib/systemd/system"
else
  line "$found" "ExecStart=/usr/sbin/oakleyd --config /etc/oakley/oakley.conf"
  line "$found" "ExecReload=/usr/sbin/oakctl load"
fi
mode "$dest/etc/oakley/oakley.conf" 600
[[ ! -e $dest/usr/etc ]] || fail "prefix /usr: something went to /usr/etc"

if ((failures)); then
  echo "--- $unit" >&2
  cat "$unit" >&2
  exit 1
fi
echo "install rules: unit verified, paths and modes right"
