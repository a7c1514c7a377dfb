#!/bin/sh
# Builds the ixora release archive: ixora-VERSION-linux-ARCH.tar.gz holding the compiled code
# (dist/), bin/, the BIRD and web templates, the production node_modules, the docs and the
# packaging files (units, env example, install.sh). The node_modules hold a native module
# (argon2), so build on the Node.js major version and CPU architecture you install on.
#
#   packaging/build-tarball.sh [--out DIR] [--no-build]
#
#   --out DIR    where the archive is written (default: ./release); the path is printed last
#   --no-build   package the dist/ that is there (after your own `npm run build`)
set -eu

out=
build=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || { echo "build-tarball.sh: --out needs a directory" >&2; exit 2; }; out=$2; shift 2 ;;
    --no-build) build=no; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-tarball.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${out:-$root/release}
mkdir -p "$out"
out=$(cd "$out" && pwd)

[ -d node_modules ] || { echo "build-tarball.sh: no node_modules in $root: run npm ci first" >&2; exit 1; }
version=$(node -p 'JSON.parse(require("fs").readFileSync("package.json", "utf8")).version')
arch=$(node -p 'process.arch')
name=ixora-$version

if [ "$build" = yes ]; then
  # A clean dist/: files of modules deleted since the last build must not ship.
  rm -rf dist
  npm run build --silent
fi
[ -f dist/apps/cli/src/main.js ] || { echo "build-tarball.sh: dist/ has no build: run npm run build" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT INT TERM
app=$stage/$name
mkdir -p "$app/packaging" "$app/docs"
cp -a package.json package-lock.json README.md bin templates "$app/"
if [ -f LICENSE ]; then cp -a LICENSE "$app/"; fi
# The compiled app without the benchmarks (they run from a checkout).
mkdir "$app/dist"
for part in apps libs migrations; do cp -a "dist/$part" "$app/dist/"; done
cp -a docs/. "$app/docs/"
cp -a packaging/install.sh packaging/ixora.env.example packaging/systemd "$app/packaging/"
# node_modules may be a symbolic link (a git worktree sharing a checkout's): copy what it holds,
# then let npm drop the development dependencies by the lockfile (no network needed).
mkdir "$app/node_modules"
cp -a node_modules/. "$app/node_modules/"
(cd "$app" && npm prune --omit=dev --offline --no-audit --no-fund --loglevel=error >/dev/null)

archive=$out/$name-linux-$arch.tar.gz
tar -C "$stage" -czf "$archive.tmp" "$name"
mv "$archive.tmp" "$archive"
echo "$archive"
