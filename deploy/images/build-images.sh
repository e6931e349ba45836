#!/usr/bin/env bash
# Builds the container image of the gateway and every service with Jib, without a Docker daemon and without any
# registry: the base is the local tarball deploy/images/build-base-image.sh assembles, the output is
# <module>/target/jib-image.tar (load it with `docker load -i`, `kind load image-archive`, `ctr images import`, or
# push it with `crane push` / `skopeo copy docker-archive:...`).
#
#   deploy/images/build-images.sh [MODULE...]     (default: gateway and every *-service module of the root pom)
#   deploy/images/build-images.sh --list          (print the modules it would build, and build nothing)
#
# Images are named bothub/<module>:<project version>, run as user 65532, and start with Jib's classpath entrypoint
# (java -cp /app/resources:/app/classes:/app/libs/* <main class>); JVM flags come from JAVA_TOOL_OPTIONS at run time
# (the bothub-platform ConfigMap in Kubernetes). Each invocation packages the module and what it depends on, with
# tests skipped: run ./bothub test (or ./mvnw verify) first.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
JIB="com.google.cloud.tools:jib-maven-plugin:3.5.2"
BASE="$ROOT/deploy/target/images/java-base.tar"
USER_ID="$(grep -E '^image.user=' "$HERE/base-image.properties" | cut -d= -f2)"
VERSION="$(awk '/<artifactId>bothub<\/artifactId>/ { found = 1 }
  found && /<version>/ { gsub(/.*<version>|<\/version>.*/, ""); print; exit }' pom.xml)"

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }

all_modules() { sed -n 's:.*<module>\(.*\)</module>.*:\1:p' pom.xml | grep -E '^(gateway|.*-service)$'; }

if [[ "${1:-}" == "--list" ]]; then
  all_modules
  exit 0
fi

if [[ -z "${JAVA_HOME:-}" ]]; then
  export JAVA_HOME="$(grep -E '^jdk.home=' "$HERE/base-image.properties" | cut -d= -f2)"
fi

if [[ ! -f "$BASE" || "$HERE/base-image.properties" -nt "$BASE" || "$HERE/build-base-image.sh" -nt "$BASE" ]]; then
  "$HERE/build-base-image.sh" "$BASE"
fi

if (( $# > 0 )); then
  MODULES=("$@")
else
  mapfile -t MODULES < <(all_modules)
fi

for module in "${MODULES[@]}"; do
  port="$(grep -E '^  port:' "$module/src/main/resources/application.yml" | awk '{print $2}')"
  say "$module -> bothub/$module:$VERSION ($module/target/jib-image.tar)"
  ./mvnw -B -q -pl ":$module" -am package "$JIB:buildTar" -DskipTests \
    -Djib.containerize=":$module" \
    -Djib.from.image="tar://$BASE" \
    -Djib.to.image="bothub/$module:$VERSION" \
    -Djib.container.user="$USER_ID:$USER_ID" \
    -Djib.container.ports="$port" \
    -Djib.container.workingDirectory=/app \
    -Djib.container.labels="org.opencontainers.image.title=$module,org.opencontainers.image.version=$VERSION"
  echo "    $(du -h "$module/target/jib-image.tar" | cut -f1)  $module/target/jib-image.tar"
done
