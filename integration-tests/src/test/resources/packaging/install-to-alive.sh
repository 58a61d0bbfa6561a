#!/usr/bin/env bash
# From `dpkg -i` to a peer ALIVE on another host, on this machine without touching it: two hosts
# are network namespaces (ns-a, ns-b) joined by one veth pair (eth0 on each side, 198.18.0.1/24
# and 198.18.0.2/24), made inside a private mount namespace; host b's file system is an overlay of
# / on a tmpfs, so dpkg, the new user and /var/lib/echomesh vanish with the namespace.
#   Host a runs an agent from the tarball (the mesh's first device, already up).
#   Host b installs the .deb, joins with a's code and starts the agent as echomesh.service would:
#   user echomesh, ECHOMESH_DATA_DIR=/var/lib/echomesh, `echomesh agent` (no systemd here: the
#   sandbox of the unit is not applied).
# Prints the seconds from `dpkg -i` to "peer beta ... is ALIVE" in a's log, then "ok". Needs root.
#
#   unshare -m --propagation private bash install-to-alive.sh DEB TARBALL_HOME WORKDIR
set -euo pipefail

deb="$1"
tarball_home="$2"
work="$3"
alive_timeout_seconds=60
echomesh="$tarball_home/bin/echomesh"

fail() {
  echo "FAILED: $*" >&2
  for log in "$work/a.log" "$work/b/root/b.log"; do
    [[ ! -f "$log" ]] || { echo "--- $log" >&2; tail -n 20 "$log" >&2; }
  done
  exit 1
}

pids=()
stop_agents() {
  [[ ${#pids[@]} -eq 0 ]] && return
  kill "${pids[@]}" 2>/dev/null || true
  # Bounded: a clean stop takes a few seconds; then whatever is left is killed.
  for _ in $(seq 1 100); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive -eq 1 ]] || return 0
    sleep 0.1
  done
  kill -9 "${pids[@]}" 2>/dev/null || true
}
trap stop_agents EXIT

mount -t tmpfs tmpfs "$work"
mkdir -p /run/netns
mount -t tmpfs tmpfs /run/netns
ip netns add ns-a
ip netns add ns-b
ip link add eth0 netns ns-a type veth peer name eth0 netns ns-b
ip -n ns-a addr add 198.18.0.1/24 dev eth0
ip -n ns-b addr add 198.18.0.2/24 dev eth0
for ns in ns-a ns-b; do
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add 224.0.0.0/4 dev eth0
done

# Host a: the first device, up before b is installed.
"$echomesh" init --data-dir "$work/a" >"$work/code" 2>/dev/null || fail "init on host a"
ip netns exec ns-a "$echomesh" agent --data-dir "$work/a" --name alpha >"$work/a.log" 2>&1 </dev/null &
pids+=($!)
for _ in $(seq 1 300); do
  grep -q "Listening for links" "$work/a.log" && break
  sleep 0.1
done
grep -q "Listening for links" "$work/a.log" || fail "host a's agent did not start within 30 s"

mkdir -p "$work/upper" "$work/overlay-work" "$work/b"
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/overlay-work" "$work/b"
mount -t proc proc "$work/b/proc"
mount --rbind /dev "$work/b/dev"
cp "$deb" "$work/b/root/echomesh.deb"
cp "$work/code" "$work/b/root/code"

start=$(date +%s.%N)
# Host b. --force-depends: the Java found here need not come from a Debian package.
ip netns exec ns-b chroot "$work/b" /bin/bash -euo pipefail -c '
  dpkg --force-depends -i /root/echomesh.deb >/dev/null
  cd /
  su -s /bin/sh echomesh -c "echomesh join --data-dir /var/lib/echomesh -" </root/code >/dev/null
  setpriv --reuid=echomesh --regid=echomesh --init-groups env ECHOMESH_DATA_DIR=/var/lib/echomesh \
    echomesh agent --name beta >/root/b.log 2>&1 </dev/null &
  echo $! >/root/b.pid
' || fail "install, join or start on host b"
pids+=("$(cat "$work/b/root/b.pid")")

deadline=$(( $(date +%s) + alive_timeout_seconds ))
until grep -q "peer beta (.*) is ALIVE" "$work/a.log"; do
  [[ $(date +%s) -lt $deadline ]] || fail "beta not ALIVE at alpha within $alive_timeout_seconds s"
  sleep 0.1
done
alive_clock=$(grep -m1 "peer beta (.*) is ALIVE" "$work/a.log" | cut -d' ' -f1)
alive=$(date -d "$(date -d @"${start%.*}" +%F) $alive_clock" +%s.%N)
echo "dpkg -i to beta ALIVE at alpha: $(echo "$alive - $start" | bc | cut -c1-5) s"
ip netns exec ns-a "$echomesh" peers --data-dir "$work/a" | grep -q "^beta .*ALIVE" \
  || fail "echomesh peers on host a does not list beta ALIVE"
echo ok
