#!/bin/sh
# Installs an ixora release archive (packaging/build-tarball.sh) on this machine, or under ROOT.
#
#   install.sh [--root DIR] [--no-user] ixora-VERSION-linux-ARCH.tar.gz
#
#   --root DIR   install under DIR instead of / (a package root, a test); nothing outside DIR is
#                touched and systemd is not reloaded
#   --no-user    do not create the ixora system user nor change owners (needed with --root
#                unless DIR has its own /etc/passwd you want changed: then run as root in DIR)
#
# What it does (paths under ROOT):
#   /opt/ixora                  the release (the one before it is kept as /opt/ixora.previous)
#   /etc/ixora/ixora.env        the settings, from ixora.env.example; an existing file is kept
#   /etc/ixora/ixora.env.example  always the release's, to compare with yours
#   /etc/systemd/system/ixora-{serve,worker,agent}.service
#   /var/lib/ixora              ixora's data dir (IXORA_DATA_DIR), ixora:ixora 0750
#   /etc/bird/ixora             the configs ixora deploys to BIRD (BIRD_CONFIG_DIR): ixora:bird
#                               2750, so that BIRD (group bird) reads them and no one else does
#   /usr/local/bin/ixora        the ixora command with /etc/ixora/ixora.env loaded
#   the ixora system user and group; ixora joins the group bird (BIRD's control socket) if it exists
set -eu

root=/
create_user=yes
archive=
while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || { echo "install.sh: --root needs a directory" >&2; exit 2; }; root=$2; shift 2 ;;
    --no-user) create_user=no; shift ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "install.sh: unknown option: $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$archive" ] || { echo "install.sh: one archive only, got $archive and $1" >&2; exit 2; }; archive=$1; shift ;;
  esac
done
[ -n "$archive" ] || { echo "install.sh: give the release archive (ixora-VERSION-linux-ARCH.tar.gz); see --help" >&2; exit 2; }
[ -f "$archive" ] || { echo "install.sh: archive not found: $archive" >&2; exit 1; }
[ -d "$root" ] || { echo "install.sh: --root is not a directory: $root" >&2; exit 1; }
root=$(cd "$root" && pwd)
[ "$root" = / ] && prefix= || prefix=$root
if [ "$create_user" = yes ] && [ -n "$prefix" ]; then
  echo "install.sh: --root $root would add the user to this machine's /etc/passwd: add --no-user" >&2
  exit 2
fi
if [ "$create_user" = yes ] && [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (it creates the ixora user and owns files to it), or add --no-user" >&2
  exit 1
fi

say() { echo "install.sh: $*"; }

# The user first, so that the files below can be given to it.
if [ "$create_user" = yes ]; then
  getent group ixora >/dev/null || groupadd --system ixora
  if ! getent passwd ixora >/dev/null; then
    useradd --system --gid ixora --home-dir /var/lib/ixora --no-create-home \
      --shell /usr/sbin/nologin --comment "ixora route-server platform" ixora
    say "created the system user ixora"
  fi
  if getent group bird >/dev/null; then
    usermod --append --groups bird ixora
  else
    say "no group bird (install Debian's bird2 first): ixora cannot reach BIRD's socket until it joins it (usermod -aG bird ixora)"
  fi
fi
owner() { # owner USER:GROUP PATH…: only when we manage users
  if [ "$create_user" = yes ]; then chown "$@"; fi
}

# The release: unpacked beside the current one, then swapped in.
opt=$prefix/opt
mkdir -p "$opt"
rm -rf "$opt/ixora.new"
mkdir "$opt/ixora.new"
tar -xzf "$archive" -C "$opt/ixora.new" --strip-components=1 --no-same-owner
[ -x "$opt/ixora.new/bin/ixora.js" ] || { rm -rf "$opt/ixora.new"; echo "install.sh: $archive is not an ixora release (no bin/ixora.js)" >&2; exit 1; }
version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$opt/ixora.new/package.json")
if [ -d "$opt/ixora" ]; then
  rm -rf "$opt/ixora.previous"
  mv "$opt/ixora" "$opt/ixora.previous"
fi
mv "$opt/ixora.new" "$opt/ixora"
say "installed ixora $version in $opt/ixora"

# Settings: never overwrite the operator's.
etc=$prefix/etc/ixora
mkdir -p "$etc"
chmod 0750 "$etc"
owner root:ixora "$etc"
install -m 0644 "$opt/ixora/packaging/ixora.env.example" "$etc/ixora.env.example"
if [ -e "$etc/ixora.env" ]; then
  say "kept $etc/ixora.env (compare with $etc/ixora.env.example for new settings)"
else
  install -m 0640 "$opt/ixora/packaging/ixora.env.example" "$etc/ixora.env"
  owner root:ixora "$etc/ixora.env"
  say "wrote $etc/ixora.env: edit it (DATABASE_URL, TRUST_PROXY, …) before starting the services"
fi

# Data dir and the BIRD config dir.
mkdir -p "$prefix/var/lib/ixora"
chmod 0750 "$prefix/var/lib/ixora"
owner ixora:ixora "$prefix/var/lib/ixora"
mkdir -p "$prefix/etc/bird/ixora"
chmod 2750 "$prefix/etc/bird/ixora"
if [ "$create_user" = yes ]; then
  if getent group bird >/dev/null; then chown ixora:bird "$prefix/etc/bird/ixora"; else chown ixora:ixora "$prefix/etc/bird/ixora"; fi
fi

# systemd units (local changes belong in drop-ins: systemctl edit ixora-serve).
units=$prefix/etc/systemd/system
mkdir -p "$units"
for unit in ixora-serve.service ixora-worker.service ixora-agent.service; do
  install -m 0644 "$opt/ixora/packaging/systemd/$unit" "$units/$unit"
done

# The command, with the services' settings.
mkdir -p "$prefix/usr/local/bin"
cat >"$prefix/usr/local/bin/ixora.tmp" <<'WRAPPER'
#!/bin/sh
# ixora with the settings the services use (/etc/ixora/ixora.env). Run it as the ixora user:
#   sudo -u ixora ixora db migrate
# Read as systemd's EnvironmentFile is: VARIABLE=value lines, taken literally (not run by sh).
if [ -r /etc/ixora/ixora.env ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      [A-Za-z_]*=*) export "$line" ;;
    esac
  done </etc/ixora/ixora.env
fi
exec /opt/ixora/bin/ixora.js "$@"
WRAPPER
chmod 0755 "$prefix/usr/local/bin/ixora.tmp"
mv "$prefix/usr/local/bin/ixora.tmp" "$prefix/usr/local/bin/ixora"

if [ -z "$prefix" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  say "systemd reloaded; next: sudo -u ixora ixora db migrate, then systemctl restart ixora-serve (docs/install.md)"
else
  say "done (systemd not reloaded)"
fi
