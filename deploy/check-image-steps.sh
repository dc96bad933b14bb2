#!/usr/bin/env bash
# Runs the Dockerfile's steps without Docker (these machines have no Docker daemon), as close to the image as a plain
# host allows:
#   1. the build context: the repository minus .dockerignore, copied to a temp folder;
#   2. the Dockerfile's own publish command (read from its RUN line; only the output folder differs), in that copy;
#   3. the published app run as a non-root user (nobody) with the image's environment: Production, the data folder in
#      its own folder owned by that user, the app files owned by root and read-only for it, listening on
#      ASPNETCORE_HTTP_PORTS;
#   4. the HEALTHCHECK command (read from the Dockerfile, exec form, run as the same user): 0 while the app runs,
#      non-zero once it is stopped;
#   5. pages through the TLS proxy's headers (X-Forwarded-Proto: https from loopback, trusted by default) and the
#      static assets only the published app serves in Production; without the header a page answers 400.
# Needs root (to switch to nobody), jq and curl. Usage: deploy/check-image-steps.sh   (about 5 minutes, mostly the build)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/modelhub-image-check.XXXXXX)"
chmod 755 "$work"
app_pid=""
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/app.log" ] && tail -40 "$work/app.log" >&2; exit 1; }

echo "== 1. build context (repository minus .dockerignore) -> $work/src"
excludes=()
while IFS= read -r pattern; do
  pattern="${pattern%%#*}"; pattern="${pattern//[[:space:]]/}"
  [ -n "$pattern" ] && excludes+=("--exclude=${pattern#\*\*/}")
done < "$repo/.dockerignore"
mkdir "$work/src"
tar -C "$repo" "${excludes[@]}" -cf - . | tar -C "$work/src" -xf -
for leaked in ModelHub.Web/bin ModelHub.Web/obj wwwroot-assets/node_modules .git; do
  [ ! -e "$work/src/$leaked" ] || fail "$leaked is in the build context"
done

echo "== 2. the Dockerfile's publish command"
publish=$(grep -E '^\s*dotnet publish ' "$repo/Dockerfile" | sed -E 's/^\s+//')
[ -n "$publish" ] || fail "no 'dotnet publish' line in the Dockerfile"
publish_here="${publish/-o \/app/-o $work/app}"
echo "   Dockerfile: $publish"
echo "   here:       $publish_here"
(cd "$work/src" && bash -c "$publish_here") > "$work/publish.log" 2>&1 || { tail -30 "$work/publish.log"; fail "publish failed"; }
grep -q 'npm ci' "$work/publish.log" || fail "the publish did not run npm ci (wwwroot-assets)"
chmod -R go-w "$work/app"

echo "== 3. the published app as nobody, with the image's environment"
data_folder=$(grep -E '^ENV ModelHub__DataFolder=' "$repo/Dockerfile" | cut -d= -f2)
[ "$data_folder" = "/data" ] || fail "the image's data folder is '$data_folder', expected /data"
mkdir -p "$work/data" "$work/home"
chown nobody:nogroup "$work/data" "$work/home"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
image_env=(env -i "PATH=/usr/share/dotnet:/usr/bin:/bin" "HOME=$work/home" "DOTNET_RUNNING_IN_CONTAINER=true"
  "ASPNETCORE_HTTP_PORTS=$port" "ModelHub__DataFolder=$work/data")
(cd "$work/app" && exec runuser -u nobody -- "${image_env[@]}" dotnet ModelHub.Web.dll) > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 180); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
  kill -0 "$app_pid" 2>/dev/null || fail "the app exited while starting"
  sleep 1
done
user=$(ps -o user= -p "$(pgrep -P "$app_pid" -f ModelHub.Web.dll | head -1 || echo "$app_pid")" | tr -d ' ')
[ "$user" = "nobody" ] || fail "the app runs as '$user'"
echo "   listening on $port as $user"

echo "== 4. the HEALTHCHECK command"
mapfile -t healthcheck < <(grep -E '^\s*CMD \[' "$repo/Dockerfile" | sed -E 's/^\s*CMD //' | jq -r '.[]')
[ "${#healthcheck[@]}" -gt 0 ] || fail "no exec-form HEALTHCHECK CMD in the Dockerfile"
runuser -u nobody -- "${image_env[@]}" "${healthcheck[@]}" || fail "HEALTHCHECK failed against the running app"
echo "   exit 0 while the app runs"

echo "== 5. pages behind the TLS proxy, static assets"
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# A fresh instance sends sign-in to its first-run setup page; the redirect's https:// shows the forwarded scheme is believed.
login=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port/account/login")
[ "$login" = "302 https://127.0.0.1:$port/setup" ] || fail "sign-in behind the proxy answered '$login'"
[ "$(status -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port/setup")" = 200 ] || fail "setup page behind the proxy"
[ "$(status "http://127.0.0.1:$port/setup")" = 400 ] || fail "a page over plain HTTP must answer 400 in Production"
for asset in _framework/blazor.web.js _content/MudBlazor/MudBlazor.min.css lib/apexcharts/apexcharts.min.js app.css; do
  [ "$(status -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port/$asset")" = 200 ] || fail "/$asset is not served"
done
[ -d "$work/data/keys" ] && [ "$(stat -c %U "$work/data/keys")" = nobody ] || fail "the key ring is not in the data folder, owned by the app user"
echo "   sign-in 302 to https://…/setup, setup page 200 (400 without X-Forwarded-Proto), blazor.web.js, MudBlazor, apexcharts, app.css 200; key ring in the data folder"

kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
if runuser -u nobody -- "${image_env[@]}" "${healthcheck[@]}" 2>/dev/null; then fail "HEALTHCHECK passed with the app stopped"; fi
echo "   HEALTHCHECK exits non-zero once the app is stopped"
echo "OK: every Dockerfile step checked without Docker"
