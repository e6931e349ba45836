#!/usr/bin/env bash
# Assembles BotHub's Java base image without a Docker daemon or a registry, from deploy/images/base-image.properties:
#   a jlink'ed runtime from a local JDK + glibc, libgcc and zlib from pinned Debian packages + a non-root user,
# as one layer in a `docker save`-format tarball that Jib takes as its base (jib.from.image=tar://...).
#
#   deploy/images/build-base-image.sh [OUTPUT.tar]     (default deploy/target/images/java-base.tar)
#
# Needs: bash, GNU tar, sha256sum, dpkg-deb and apt-get (Debian/Ubuntu), the JDK named in the recipe (or JDK_HOME).
# Deterministic: file times are the epoch, owners numeric, entries sorted, so the same recipe gives the same bytes
# and the same image id, which the recipe records (image.id, image.layer): a build giving other bytes fails.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RECIPE="$HERE/base-image.properties"
OUT="${1:-$ROOT/deploy/target/images/java-base.tar}"
WORK="$(dirname "$OUT")/java-base.work"

# A property of the recipe (continuation lines ending in a backslash joined, blanks removed).
prop() { sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$RECIPE" | grep -E "^$1=" | head -1 | cut -d= -f2- | tr -d ' \t'; }
raw_prop() { grep -E "^$1=" "$RECIPE" | head -1 | cut -d= -f2-; }

IMAGE="$(raw_prop image.name):$(raw_prop image.tag)"
USER_ID="$(raw_prop image.user)"
JDK="${JDK_HOME:-$(raw_prop jdk.home)}"
JDK_VERSION="$(raw_prop jdk.version)"
MODULES="$(prop jlink.modules)"
JLINK_OPTIONS="$(raw_prop jlink.options)"

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

[[ -x "$JDK/bin/jlink" ]] || die "no jlink in $JDK (set JDK_HOME)"
actual="$(. "$JDK/release" && echo "${JAVA_RUNTIME_VERSION%-LTS}")"
[[ "$actual" == "$JDK_VERSION" ]] || die "recipe wants JDK $JDK_VERSION, $JDK is $actual (update the recipe on purpose)"

rm -rf "$WORK"
mkdir -p "$WORK/debs" "$WORK/rootfs"
ROOTFS="$WORK/rootfs"

say "Debian packages (pinned versions, checked against the recipe's sha256)"
while IFS= read -r line; do
  name="${line%%=*}"; name="${name#deb.}"
  version="$(echo "${line#*=}" | awk '{print $1}')"
  sha="$(echo "${line#*=}" | awk '{print $2}')"
  (cd "$WORK/debs" && apt-get download -q "$name=$version" >/dev/null 2>&1) \
    || die "apt-get download $name=$version failed (apt-get update? is the version still in the archive?)"
  deb="$(ls "$WORK/debs/${name}_"*.deb)"
  echo "$sha  $deb" | sha256sum --check --quiet - || die "$deb does not have the sha256 the recipe pins"
  dpkg-deb -x "$deb" "$ROOTFS"
  echo "    $name $version"
done < <(grep -E '^deb\.' "$RECIPE")
# Documentation, locales and iconv modules: nothing the JVM loads.
rm -rf "$ROOTFS/usr/share" "$ROOTFS/usr/lib/x86_64-linux-gnu/gconv" "$ROOTFS/usr/bin" "$ROOTFS/usr/sbin" \
  "$ROOTFS/sbin" "$ROOTFS/bin" "$ROOTFS/usr/libexec"

say "Java runtime (jlink $JDK_VERSION: ${MODULES//,/ })"
# shellcheck disable=SC2086
"$JDK/bin/jlink" --add-modules "$MODULES" $JLINK_OPTIONS --output "$ROOTFS/opt/java"
# jlink's CDS archives speed up start-up; the one for heaps over 32 GB (no compressed oops) is never used here.
rm -f "$ROOTFS/opt/java/lib/server/classes_nocoops.jsa"

say "Users, name service, /tmp"
mkdir -p "$ROOTFS/etc" "$ROOTFS/tmp" "$ROOTFS/home/nonroot" "$ROOTFS/app"
cat > "$ROOTFS/etc/passwd" <<EOF
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:$USER_ID:$USER_ID:nonroot:/home/nonroot:/sbin/nologin
EOF
cat > "$ROOTFS/etc/group" <<EOF
root:x:0:
nonroot:x:$USER_ID:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$ROOTFS/etc/nsswitch.conf"
chmod 1777 "$ROOTFS/tmp"
chown "$USER_ID:$USER_ID" "$ROOTFS/home/nonroot"
find "$ROOTFS" -type d -exec chmod u+rwx,go+rx {} +

say "Layer and image"
tar_deterministic() { # tar_deterministic OUTPUT DIR ENTRY...
  local output="$1" dir="$2"; shift 2
  tar --sort=name --mtime='@0' --numeric-owner --format=posix \
    --pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime' -C "$dir" -cf "$output" "$@"
}
mkdir -p "$WORK/image"
tar_deterministic "$WORK/image/layer.tar" "$ROOTFS" $(cd "$ROOTFS" && ls -A)
diff_id="sha256:$(sha256sum "$WORK/image/layer.tar" | cut -d' ' -f1)"
packages="$(grep -E '^deb\.' "$RECIPE" | sed -E 's/^deb\.([^=]+)=([^ ]+).*/\1=\2/' | paste -sd' ' -)"
cat > "$WORK/image/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"$USER_ID:$USER_ID","WorkingDir":"/home/nonroot",
  "Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
  "Labels":{"org.opencontainers.image.title":"$IMAGE","io.bothub.base.jdk":"$JDK_VERSION",
   "io.bothub.base.debian-packages":"$packages"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/images/build-base-image.sh"}]}
EOF
printf '[{"Config":"config.json","RepoTags":["%s"],"Layers":["layer.tar"]}]\n' "$IMAGE" > "$WORK/image/manifest.json"
mkdir -p "$(dirname "$OUT")"
tar_deterministic "$OUT" "$WORK/image" manifest.json config.json layer.tar

image_id="sha256:$(sha256sum "$WORK/image/config.json" | cut -d' ' -f1)"
say "$IMAGE -> $OUT"
echo "    image id  $image_id"
echo "    layer     $diff_id ($(du -h "$WORK/image/layer.tar" | cut -f1) uncompressed)"
echo "    tarball   $(du -h "$OUT" | cut -f1)"
rm -rf "$WORK"
# The recipe pins its result like a digest: the same inputs must give the same bytes.
if [[ "${BOTHUB_BASE_IMAGE_UPDATE:-0}" != 1 ]]; then
  [[ "$image_id" == "$(raw_prop image.id)" && "$diff_id" == "$(raw_prop image.layer)" ]] || {
    rm -f "$OUT"
    die "built $image_id (layer $diff_id), the recipe pins $(raw_prop image.id) (layer $(raw_prop image.layer)); if an input changed on purpose, rebuild with BOTHUB_BASE_IMAGE_UPDATE=1 and record the new ids in $RECIPE"
  }
  echo "    matches the ids pinned in $(basename "$RECIPE")"
fi
