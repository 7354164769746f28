#!/usr/bin/env bash
# The Debian package end to end: scripts/package builds it from this build tree; its control
# data (name, version, architecture, Depends from dpkg-shlibdeps without strongSwan, conffiles)
# and file list (paths, modes) are checked; `dpkg -i` installs it on this machine; the installed
# unit passes `systemd-analyze verify` with its man pages; the installed /usr/sbin/oakleyd starts
# in a network namespace with the installed configuration, under the unit's capability bounding
# set and no_new_privs (setpriv: systemd is not PID 1 in CI), and the installed oakctl talks to
# it (version, list-conns, load of a connection dropped into conf.d/); a reinstall keeps the
# operator's edited oakley.conf (conffile); `dpkg --purge` removes everything. Needs root; exit
# 77 (skipped) without it or when an oakley package or /etc/oakley is already on this machine.
# Environment: OAKLEY_BUILD_DIR (the build tree), OAKLEY_VERSION (the project version).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${OAKLEY_BUILD_DIR:?}
version=${OAKLEY_VERSION:?}

skip() {
  echo "SKIP: $*"
  exit 77
}
((EUID == 0)) || skip "needs root (dpkg -i, network namespace)"
if grep -q "installed" <<<"$(dpkg-query -W -f='${Status}' oakley 2>/dev/null)"; then
  skip "an oakley package is installed on this machine; not replacing it"
fi
[[ ! -e /etc/oakley ]] || skip "/etc/oakley exists on this machine; not touching it"
for tool in dpkg-deb systemd-analyze setpriv ip; do
  command -v "$tool" >/dev/null || skip "$tool is missing (scripts/setup installs it)"
done

tag=pk$$
work=$(mktemp -d "${TMPDIR:-/tmp}/oakley-deb-$tag-XXXXXX")
ns=$tag-deb
ctl=/run/$tag-oakley/oakley.ctl
dropin=/etc/oakley/conf.d/$tag.conf
pid=""
installed=0

cleanup() {
  set +e
  if [[ -n $pid ]]; then
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  ip netns del "$ns" 2>/dev/null
  rm -f "$dropin"
  rm -rf "$(dirname "$ctl")"
  ((installed)) && dpkg --purge oakley >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
die() {
  echo "FAIL: $*" >&2
  [[ -s $work/oakleyd.log ]] && sed 's/^/  oakleyd: /' "$work/oakleyd.log" >&2
  exit 1
}
step() { echo "--- $*"; }

# --- build ---
step "scripts/package from $build"
start=$SECONDS
deb=$(OAKLEY_JOBS=2 "$root/scripts/package" --build-dir "$build" --output "$work/out" | tail -1)
arch=$(dpkg --print-architecture)
[[ $deb == "$work/out/oakley_${version}_${arch}.deb" ]] || die "package is '$deb'"
echo "built $(basename "$deb") in $((SECONDS - start)) s"

# --- control data ---
step "dpkg-deb -I"
field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == oakley ]] || fail "Package: $(field Package)"
[[ $(field Version) == "$version" ]] || fail "Version: $(field Version), project is $version"
[[ $(field Architecture) == "$arch" ]] || fail "Architecture: $(field Architecture)"
depends=$(field Depends)
echo "Depends: $depends"
depends_names=$(sed 's/ ([^)]*)//g; s/, /\n/g' <<<"$depends")
for lib in libc6 libstdc++6 libssl3 libsystemd0 libfmt9; do
  grep -qxF -e "$lib" <<<"$depends_names" || fail "Depends lacks $lib (dpkg-shlibdeps)"
done
if grep -Eqi "strongswan|charon" <<<"$depends $(field Recommends)"; then
  fail "strongSwan must not be a dependency: $depends"
fi
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles >"$work/conffiles" 2>/dev/null || true
[[ $(cat "$work/conffiles") == /etc/oakley/oakley.conf ]] ||
  fail "conffiles: $(tr '\n' ' ' <"$work/conffiles")"

# --- file list: path → mode and owner ---
step "dpkg-deb -c"
dpkg-deb -c "$deb" | awk '{ print $1, $2, $6 }' >"$work/files"
entry() { # MODE PATH
  grep -qxF -e "$1 root/root ./$2" "$work/files" ||
    fail "no '$1 root/root ./$2' (have: $(grep -F "./$2" "$work/files" | head -1))"
}
entry -rwxr-xr-x usr/sbin/oakleyd
entry -rwxr-xr-x usr/sbin/oakctl
entry -rwxr-xr-x usr/bin/oakload
entry -rw-r--r-- lib/systemd/system/oakleyd.service
entry -rw------- etc/oakley/oakley.conf
entry drwxr-xr-x etc/oakley/
entry drwx------ etc/oakley/conf.d/
entry drwx------ etc/oakley/private/
entry drwxr-xr-x etc/oakley/x509/
entry drwxr-xr-x etc/oakley/x509ca/
for page in man8/oakleyd.8 man8/oakctl.8 man5/oakley.conf.5 man1/oakload.1; do
  entry -rw-r--r-- "usr/share/man/$page.gz"
done
entry -rw-r--r-- usr/share/doc/oakley/examples/README.md
if grep -qvE ' \./(etc/oakley|lib/systemd/system|usr/(s?bin|share/(man|doc)))(/|$)|^d.* \./(etc|lib|lib/systemd|usr|usr/share)/$' "$work/files"; then
  fail "files outside the expected places: $(grep -vE ' \./(etc/oakley|lib/systemd/system|usr/(s?bin|share/(man|doc)))(/|$)|^d.* \./(etc|lib|lib/systemd|usr|usr/share)/$' "$work/files" | tr '\n' ';')"
fi

# --- install ---
step "dpkg -i"
installed=1
dpkg -i "$deb" </dev/null >"$work/dpkg.log" 2>&1 || die "dpkg -i failed: $(cat "$work/dpkg.log")"
[[ $(dpkg-query -W -f='${Status}' oakley) == "install ok installed" ]] || fail "not installed"
[[ $(/usr/sbin/oakleyd --version) == "oakleyd $version" ]] || fail "oakleyd --version: $(/usr/sbin/oakleyd --version)"
unit=/lib/systemd/system/oakleyd.service
out=$(systemd-analyze verify "$unit" 2>&1) || fail "systemd-analyze verify: $out"
[[ -z $out ]] || fail "systemd-analyze verify warned (its man check runs man oakleyd(8) ...): $out"
for page in oakleyd.8 oakctl.8 oakley.conf.5 oakload.1; do
  man -w "${page##*.}" "${page%.*}" >/dev/null 2>&1 || fail "man cannot find ${page%.*}(${page##*.})"
done
(($(find /etc/systemd/system -name oakleyd.service 2>/dev/null | wc -l) == 0)) ||
  fail "the package enabled the service"

# --- run the installed daemon as the unit would confine it ---
step "oakleyd in namespace $ns"
caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$unit")
[[ -n $caps ]] || die "no CapabilityBoundingSet in $unit"
bounding=-all
for cap in $caps; do
  cap=${cap#CAP_}
  bounding+=",+${cap,,}"
done
ip netns add "$ns"
ip -n "$ns" link set lo up
ip netns exec "$ns" setpriv --bounding-set "$bounding" --no-new-privs \
  /usr/sbin/oakleyd --config /etc/oakley/oakley.conf --control "$ctl" >"$work/oakleyd.log" 2>&1 &
pid=$!
oakctl() { /usr/sbin/oakctl --control "$ctl" "$@"; }
for _ in $(seq 100); do
  oakctl version >"$work/version" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || die "oakleyd exited"
  sleep 0.1
done
grep -qx "oakctl $version" "$work/version" || die "oakctl version: $(cat "$work/version")"
grep -qx "oakleyd $version" "$work/version" || fail "oakctl version: $(cat "$work/version")"
# the bounding set took: the daemon's is what setpriv makes of the unit's list, and not all
expected=$(setpriv --bounding-set "$bounding" grep CapBnd /proc/self/status)
[[ $(grep CapBnd "/proc/$pid/status") == "$expected" && $expected != *ffffffff* ]] ||
  fail "oakleyd's $(grep CapBnd "/proc/$pid/status"), the unit's $expected"
ip -n "$ns" link show oakley0 >/dev/null 2>&1 || fail "no TUN device oakley0 in $ns"
conns=$(oakctl list-conns) || fail "oakctl list-conns failed"
[[ $conns == "no connections loaded" ]] || fail "the installed configuration defines connections: $conns"
cat >"$dropin" <<CONF
connections {
    $tag-site {
        remote_addrs = 198.51.100.2
        local { auth = psk }
        remote { auth = psk }
        children { net { local_ts = 10.1.0.0/24
                         remote_ts = 10.2.0.0/24 } }
    }
}
secrets { ike-$tag { secret = "$tag-package-test-secret-0123456789" } }
CONF
chmod 600 "$dropin"
oakctl load >"$work/load" 2>&1 || fail "oakctl load: $(cat "$work/load")"
grep -q "$tag-site" <<<"$(oakctl list-conns)" || fail "list-conns after load lacks $tag-site"
grep -q "\"$tag-site\"" <<<"$(oakctl --json list-conns)" || fail "list-conns --json lacks $tag-site"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
pid=""
((rc == 0)) || fail "oakleyd exited $rc after SIGTERM"
rm -f "$dropin"

# --- the operator's configuration survives a reinstall (conffile) ---
step "dpkg -i again with an edited oakley.conf"
echo "# $tag: the operator's edit" >>/etc/oakley/oakley.conf
dpkg -i "$deb" </dev/null >"$work/dpkg2.log" 2>&1 || die "second dpkg -i failed: $(cat "$work/dpkg2.log")"
grep -qx "# $tag: the operator's edit" /etc/oakley/oakley.conf || fail "the reinstall replaced oakley.conf"

# --- purge ---
step "dpkg --purge"
dpkg --purge oakley >"$work/purge.log" 2>&1 || fail "dpkg --purge: $(cat "$work/purge.log")"
installed=0
for gone in /usr/sbin/oakleyd /usr/sbin/oakctl /usr/bin/oakload "$unit" /etc/oakley; do
  [[ ! -e $gone ]] || fail "$gone is still there after the purge"
done

if ((failures)); then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "PASS: package built, checked, installed, run, reinstalled and purged in $SECONDS s"
