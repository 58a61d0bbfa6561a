#!/usr/bin/env bash
# Installs, upgrades, removes and purges the echomesh .deb on a throwaway copy of this machine:
# run inside a private mount namespace (unshare -m), it mounts an overlay whose lower layer is /
# and whose upper layer is a tmpfs, chroots into it and runs dpkg there. Every change (the user,
# /var/lib/echomesh, the dpkg database) lands in the tmpfs and is gone when the namespace ends;
# the real system is never written. Needs root. Prints "ok" last when every check passed.
#
#   unshare -m --propagation private bash install-in-overlay.sh DEB WORKDIR
set -euo pipefail

deb="$1"
work="$2"

mount -t tmpfs tmpfs "$work"
mkdir -p "$work/upper" "$work/work" "$work/merged"
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/work" "$work/merged"
mount -t proc proc "$work/merged/proc"
mount --rbind /dev "$work/merged/dev"
cp "$deb" "$work/merged/root/echomesh.deb"

# --force-depends: the test JVM's Java need not come from a Debian package; the Depends field is
# checked by DebPackageIT.
chroot "$work/merged" /bin/bash -euo pipefail -c '
fail() { echo "FAILED: $*" >&2; exit 1; }
install_deb() { dpkg --force-depends -i /root/echomesh.deb >/dev/null; }
data=/var/lib/echomesh

getent passwd echomesh >/dev/null && fail "an echomesh user exists before the install"
install_deb
getent passwd echomesh | grep -q ":$data:/usr/sbin/nologin$" || fail "no system user echomesh with home $data"
[ "$(stat -c "%U %a" "$data")" = "echomesh 700" ] || fail "$data is not echomesh-owned 0700: $(stat -c "%U %a" "$data")"
[ "$(readlink -f /usr/bin/echomesh)" = /usr/lib/echomesh/bin/echomesh ] || fail "/usr/bin/echomesh does not lead to the launcher"
cd /
su -s /bin/sh echomesh -c "echomesh init --data-dir $data" >/dev/null || fail "init as echomesh failed"
[ -f "$data/mesh.key" ] || fail "init wrote no mesh key"

install_deb   # again: postinst must be idempotent and keep the data
[ "$(getent passwd echomesh | wc -l)" = 1 ] || fail "a second install made a second user"
[ -f "$data/mesh.key" ] || fail "a second install lost the mesh key"

dpkg -r echomesh >/dev/null
[ ! -e /usr/bin/echomesh ] || fail "remove left /usr/bin/echomesh"
[ -f "$data/mesh.key" ] || fail "remove (not purge) deleted the data"

install_deb
dpkg --purge echomesh >/dev/null
[ ! -e "$data" ] || fail "purge left $data"
echo ok
'
