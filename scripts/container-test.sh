#!/usr/bin/env bash
# Builds the Burnrate container image offline and proves it serves; checks the other deploy files.
#
#   scripts/container-test.sh                  build the static binary, the image (buildah, FROM
#                                              scratch), run it, check /healthz, /readyz and the
#                                              API; validate deploy/*.yaml and the systemd unit
#   scripts/container-test.sh --context DIR    only assemble the image's build context into DIR
#                                              (what deploy/docker-compose.yml, podman or docker
#                                              build from; see docs/deployment.md)
#
# Installs what it lacks (as root: apt-get install buildah, curl, binutils, ca-certificates,
# tzdata; pip: pyyaml). Every check that fails makes the script exit non-zero; nothing is skipped
# silently (systemd-analyze and promtool are used when installed, and the script says when not).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
started=$SECONDS

context_only=""
if [ "${1:-}" = "--context" ]; then
    [ -n "${2:-}" ] || { echo "usage: $0 [--context DIR]" >&2; exit 2; }
    context_only=$2
elif [ $# -gt 0 ]; then
    echo "usage: $0 [--context DIR]" >&2
    exit 2
fi

fail() { echo "container test FAILED: $*" >&2; exit 1; }
step() { echo "== $* ($((SECONDS - started))s)"; }

# --- What the script needs ------------------------------------------------------------------------
missing=()
command -v curl >/dev/null || missing+=(curl)
command -v strip >/dev/null || missing+=(binutils)
[ -f /etc/ssl/certs/ca-certificates.crt ] || missing+=(ca-certificates)
[ -f /usr/share/zoneinfo/Europe/Berlin ] || missing+=(tzdata)
[ -n "$context_only" ] || command -v buildah >/dev/null || missing+=(buildah)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        step "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        fail "missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]}), or run as root"
    fi
fi
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q pyyaml

# --- The static binary --------------------------------------------------------------------------
# A scratch path of its own, so it never disturbs .build (the test suite's and `swift run`'s).
# Up to date, this is a few seconds; from a clean clone, a full release build.
step "swift build -c release --product burnrate --static-swift-stdlib --scratch-path .build-static"
swift build -c release --product burnrate --static-swift-stdlib --scratch-path .build-static
bin_dir=$(swift build -c release --static-swift-stdlib --scratch-path .build-static --show-bin-path)
binary=$bin_dir/burnrate
[ -x "$binary" ] || fail "no binary at $binary"
if ldd "$binary" | grep -E 'libswift|libFoundation|lib_FoundationICU|libdispatch|libBlocksRuntime'; then
    fail "$binary still links the Swift runtime dynamically (above)"
fi

# --- The image's build context ------------------------------------------------------------------
work=$(mktemp -d)
server=""
container=""
storage=(--root "$work/storage" --runroot "$work/runroot" --storage-driver vfs)
cleanup() {
    if [ -n "$server" ]; then
        kill -TERM -- "-$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    [ -n "$container" ] && buildah "${storage[@]}" rm "$container" >/dev/null 2>&1
    if [ -d "$work/storage" ]; then
        buildah "${storage[@]}" rmi --all --force >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

ctx=${context_only:-$work/context}
step "assembling the build context in $ctx"
rm -rf "$ctx"
mkdir -p "$ctx/opt/burnrate" "$ctx/rootfs/etc/ssl/certs" "$ctx/rootfs/usr/share" "$ctx/rootfs/tmp" \
    "$ctx/data/burnrate"
cp "$binary" "$ctx/opt/burnrate/burnrate"
strip "$ctx/opt/burnrate/burnrate"
# Bundle.module finds the price catalog, GPU rates and openapi.json next to the executable.
for bundle in "$bin_dir"/*.resources; do
    cp -R "$bundle" "$ctx/opt/burnrate/"
done
[ -f "$ctx/opt/burnrate/burnrate_BurnrateCatalog.resources/catalog.json" ] || fail "the catalog bundle is missing"
# Every shared library ldd lists, at the path it lists, and the dynamic loader.
ldd "$binary" >"$work/ldd.txt"
libs=$(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' "$work/ldd.txt")
[ -n "$libs" ] || fail "ldd listed no libraries"
for lib in $libs; do
    mkdir -p "$ctx/rootfs$(dirname "$lib")"
    cp -L "$lib" "$ctx/rootfs$lib"
done
cp /etc/ssl/certs/ca-certificates.crt "$ctx/rootfs/etc/ssl/certs/"
cp -a /usr/share/zoneinfo "$ctx/rootfs/usr/share/"
printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' 'burnrate:x:65532:65532:Burnrate:/var/lib/burnrate:/sbin/nologin' \
    >"$ctx/rootfs/etc/passwd"
printf '%s\n' 'root:x:0:' 'burnrate:x:65532:' >"$ctx/rootfs/etc/group"
printf '%s\n' 'passwd: files' 'group: files' 'hosts: files dns' >"$ctx/rootfs/etc/nsswitch.conf"
chmod 1777 "$ctx/rootfs/tmp"
cp deploy/Containerfile "$ctx/Containerfile"
echo "libraries: $(echo "$libs" | tr '\n' ' ')"
echo "binary: $(stat -c %s "$binary") bytes, stripped $(stat -c %s "$ctx/opt/burnrate/burnrate") bytes;" \
    "context $(du -sb "$ctx" | cut -f1) bytes"
if [ -n "$context_only" ]; then
    trap - EXIT
    rm -rf "$work"
    echo "build context ready: buildah bud -f $ctx/Containerfile -t burnrate $ctx (or docker/podman build)"
    exit 0
fi

# --- Build the image offline and run it ---------------------------------------------------------
step "buildah bud --isolation chroot -f deploy/Containerfile -t burnrate:test"
buildah "${storage[@]}" bud --isolation chroot --layers=false -f deploy/Containerfile -t burnrate:test "$ctx"
buildah "${storage[@]}" images --format '{{.Name}}:{{.Tag}} {{.Size}}' burnrate:test
config=$(buildah "${storage[@]}" inspect --type image burnrate:test)
echo "$config" | python3 -c '
import json, sys
c = json.load(sys.stdin)["OCIv1"]["config"]
assert c.get("User") == "65532:65532", c.get("User")
assert c.get("Entrypoint") == ["/opt/burnrate/burnrate", "serve"], c.get("Entrypoint")
assert "8080/tcp" in c.get("ExposedPorts", {}), c.get("ExposedPorts")
' || fail "the image's configuration is not what deploy/Containerfile says (above)"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
key=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
container=$(buildah "${storage[@]}" from burnrate:test)
step "buildah run --isolation chroot $container -- /opt/burnrate/burnrate serve --demo (port $port)"
# The image's user, working directory and environment apply; a time zone other than UTC exercises
# the ICU data linked into the binary, /readyz's prices the catalog bundle, and the key the
# authenticated configuration a deployment uses.
setsid buildah "${storage[@]}" run --isolation chroot "$container" -- \
    /opt/burnrate/burnrate serve --demo --demo-days 14 --host 127.0.0.1 --port "$port" \
    --api-key "$key" --timezone Europe/Berlin >"$work/serve.log" 2>&1 &
server=$!
healthy=""
for _ in $(seq 1 300); do
    if curl -sf "http://127.0.0.1:$port/healthz" >"$work/healthz.json" 2>/dev/null; then
        healthy=yes
        break
    fi
    kill -0 "$server" 2>/dev/null || break
    sleep 0.2
done
[ -n "$healthy" ] || { cat "$work/serve.log" >&2; fail "the container did not answer /healthz within 60 s"; }
python3 -c 'import json, sys; assert json.load(open(sys.argv[1])) == {"status": "ok"}' "$work/healthz.json" \
    || fail "/healthz answered $(cat "$work/healthz.json")"
curl -sf "http://127.0.0.1:$port/readyz" | python3 -c 'import json, sys; r = json.load(sys.stdin); assert r["status"] == "ready" and r["prices"] > 0, r' \
    || { cat "$work/serve.log" >&2; fail "/readyz did not report ready with a price catalog"; }
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/summary")
[ "$code" = "401" ] || fail "/api/v1/summary without the key answered $code, not 401"
curl -sf -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/summary" \
    | python3 -c 'import json, sys; s = json.load(sys.stdin); assert s["requests"] > 0, s' \
    || { cat "$work/serve.log" >&2; fail "/api/v1/summary with the key did not show the demo's requests"; }
curl -sf -H "Authorization: Bearer $key" "http://127.0.0.1:$port/openapi.json" \
    | python3 -c 'import json, sys; assert json.load(sys.stdin)["openapi"].startswith("3.")' \
    || fail "openapi.json (the server's resource bundle) was not served"
# It runs as the image's user (buildah run applies USER), not as root.
uid=$(ps -o uid=,comm= -s "$server" | awk '$2 == "burnrate" { print $1; exit }')
[ "$uid" = "65532" ] || { ps -o pid=,uid=,comm= -s "$server" >&2; fail "burnrate runs as uid '$uid', not the image's 65532"; }
echo "the image served /healthz, /readyz, /api/v1/summary and openapi.json, as uid 65532"
kill -TERM -- "-$server"
for _ in $(seq 1 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
kill -0 "$server" 2>/dev/null && fail "the container did not stop within 10 s of SIGTERM"
wait "$server" 2>/dev/null || true
server=""
if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then fail "something still answers on port $port"; fi
buildah "${storage[@]}" rm "$container" >/dev/null
container=""

# --- The exported rules and dashboards are the binary's -----------------------------------------
step "deploy/prometheus and deploy/grafana match burnrate export"
"$binary" export prometheus-rules --output "$work/rules.yml" >/dev/null
"$binary" export grafana --output-dir "$work/dashboards" >/dev/null
diff -u deploy/prometheus/burnrate-rules.yml "$work/rules.yml" \
    || fail "deploy/prometheus/burnrate-rules.yml is stale: burnrate export prometheus-rules --output deploy/prometheus/burnrate-rules.yml"
diff -ru deploy/grafana/dashboards "$work/dashboards" \
    || fail "deploy/grafana/dashboards is stale: burnrate export grafana --output-dir deploy/grafana/dashboards"
if command -v promtool >/dev/null; then
    promtool check rules deploy/prometheus/burnrate-rules.yml
    # promtool resolves rule_files and reads credentials_file relative to the config's directory.
    mkdir -p "$work/promcheck/run/secrets"
    sed -e "s|/etc/prometheus/|$repo/deploy/prometheus/|; s|/run/secrets/|$work/promcheck/run/secrets/|" \
        deploy/prometheus/prometheus.yml >"$work/promcheck/prometheus.yml"
    echo "0123456789abcdef0123456789abcdef" >"$work/promcheck/run/secrets/burnrate_metrics_key"
    promtool check config "$work/promcheck/prometheus.yml"
else
    echo "promtool not installed: the rules and prometheus.yml are checked as YAML only"
fi

# --- The manifests ------------------------------------------------------------------------------
step "validating deploy/kubernetes.yaml and deploy/docker-compose.yml"
python3 - deploy <<'PY' || fail "deploy/kubernetes.yaml or deploy/docker-compose.yml (above)"
import os, sys, yaml

deploy = sys.argv[1]
errors = []

def check(ok, message):
    if not ok:
        errors.append(message)

def load(path, many=False):
    with open(os.path.join(deploy, path)) as f:
        return [d for d in yaml.safe_load_all(f) if d is not None] if many else yaml.safe_load(f)

# Kubernetes: the kinds, and that the pieces refer to each other.
docs = load("kubernetes.yaml", many=True)
by_kind = {}
for d in docs:
    check(isinstance(d, dict) and d.get("apiVersion") and d.get("kind") and d.get("metadata", {}).get("name"),
          f"kubernetes.yaml: a document without apiVersion, kind or metadata.name: {d!r:.120}")
    by_kind.setdefault(d.get("kind"), []).append(d)
for kind in ("Deployment", "Service", "PersistentVolumeClaim", "Secret"):
    check(kind in by_kind, f"kubernetes.yaml: no {kind}")
secrets = {d["metadata"]["name"]: d for d in by_kind.get("Secret", [])}
claims = {d["metadata"]["name"] for d in by_kind.get("PersistentVolumeClaim", [])}
for dep in by_kind.get("Deployment", []):
    name = dep["metadata"]["name"]
    spec = dep["spec"]
    template = spec["template"]
    labels = template["metadata"]["labels"]
    check(spec["selector"]["matchLabels"].items() <= labels.items(), f"{name}: selector does not match the pod labels")
    pod = template["spec"]
    psc = pod.get("securityContext", {})
    check(psc.get("runAsNonRoot") is True, f"{name}: pod securityContext.runAsNonRoot is not true")
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for v in volumes.values():
        if "persistentVolumeClaim" in v:
            check(v["persistentVolumeClaim"]["claimName"] in claims, f"{name}: volume {v['name']} names an unknown claim")
    for c in pod["containers"]:
        ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
        check(ports, f"{name}/{c['name']}: no container port")
        sc = c.get("securityContext", {})
        check(sc.get("readOnlyRootFilesystem") is True, f"{name}/{c['name']}: readOnlyRootFilesystem is not true")
        check(sc.get("allowPrivilegeEscalation") is False, f"{name}/{c['name']}: allowPrivilegeEscalation is not false")
        check("ALL" in sc.get("capabilities", {}).get("drop", []), f"{name}/{c['name']}: capabilities are not all dropped")
        requests = c.get("resources", {}).get("requests", {})
        check("cpu" in requests and "memory" in requests, f"{name}/{c['name']}: no cpu and memory requests")
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            get = c.get(probe, {}).get("httpGet")
            check(get is not None, f"{name}/{c['name']}: no {probe} with httpGet")
            if get:
                check(get.get("path") in ("/healthz", "/readyz"), f"{name}/{c['name']}: {probe} asks {get.get('path')}")
                check(get.get("port") in ports or get.get("port") in ports.values(),
                      f"{name}/{c['name']}: {probe} port {get.get('port')} is not a container port")
        mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
        for path, volume in mounts.items():
            check(volume in volumes, f"{name}/{c['name']}: mount {path} names an unknown volume {volume}")
        # The root filesystem is read-only: the data directory and /tmp must be volumes.
        for path in ("/var/lib/burnrate", "/tmp"):
            check(path in mounts, f"{name}/{c['name']}: {path} is not mounted (the root filesystem is read-only)")
        env = {e["name"]: e for e in c.get("env", [])}
        for e in env.values():
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                secret = secrets.get(ref["name"])
                check(secret is not None, f"{name}/{c['name']}: {e['name']} names an unknown Secret {ref['name']}")
                if secret and not ref.get("optional"):
                    keys = set(secret.get("stringData", {})) | set(secret.get("data", {}))
                    check(ref["key"] in keys, f"{name}/{c['name']}: Secret {ref['name']} has no key {ref['key']}")
        check(env.get("BURNRATE_HOST", {}).get("value") == "0.0.0.0" or "BURNRATE_HOST" not in env,
              f"{name}/{c['name']}: BURNRATE_HOST must let the Service reach the pod")
        check("BURNRATE_API_KEY" in env, f"{name}/{c['name']}: no BURNRATE_API_KEY (Burnrate refuses 0.0.0.0 without a key)")
    for svc in by_kind.get("Service", []):
        check(svc["spec"]["selector"].items() <= labels.items(), f"Service {svc['metadata']['name']}: selector matches no pod")
        for p in svc["spec"]["ports"]:
            target = p.get("targetPort", p["port"])
            check(any(target in (pn, pv) for c in pod["containers"] for pn, pv in
                      ((q.get("name"), q["containerPort"]) for q in c.get("ports", []))),
                  f"Service {svc['metadata']['name']}: targetPort {target} is not a container port")

# Compose: the services, and that every file it mounts exists.
compose = load("docker-compose.yml")
services = compose.get("services", {})
for s in ("burnrate", "postgres", "prometheus", "grafana"):
    check(s in services, f"docker-compose.yml: no service {s}")
named_volumes = set(compose.get("volumes") or {})
named_secrets = set(compose.get("secrets") or {})
for name, s in services.items():
    check("image" in s or "build" in s, f"compose {name}: neither image nor build")
    for v in s.get("volumes", []):
        source = v.split(":")[0] if isinstance(v, str) else v.get("source")
        if source.startswith("."):
            check(os.path.exists(os.path.join(deploy, source)), f"compose {name}: mounts {source}, which does not exist")
        else:
            check(source in named_volumes, f"compose {name}: volume {source} is not declared")
    for sec in s.get("secrets", []):
        check((sec if isinstance(sec, str) else sec["source"]) in named_secrets, f"compose {name}: secret {sec} not declared")
    for dep in s.get("depends_on", {}):
        check(dep in services, f"compose {name}: depends on unknown service {dep}")
burnrate = services.get("burnrate", {})
check(burnrate.get("build", {}).get("dockerfile") == "Containerfile", "compose burnrate: not built from the Containerfile")
env = burnrate.get("environment", {})
url = env.get("BURNRATE_DATABASE_URL", "")
check(url.startswith("postgres://") and "@postgres:5432/" in url, f"compose burnrate: database URL {url!r} is not the postgres service")
check("BURNRATE_API_KEY" in env and "BURNRATE_METRICS_KEY" in env, "compose burnrate: no API key or metrics key")

# Prometheus scrapes the burnrate service with the exported rules; Grafana reads Prometheus.
prom = load("prometheus/prometheus.yml")
check(any(os.path.basename(f) == "burnrate-rules.yml" for f in prom.get("rule_files", [])), "prometheus.yml: no burnrate-rules.yml")
targets = [t for job in prom.get("scrape_configs", []) for sc in job.get("static_configs", []) for t in sc["targets"]]
check("burnrate:8080" in targets, f"prometheus.yml: burnrate:8080 is not scraped ({targets})")
datasources = load("grafana/provisioning/datasources/prometheus.yml")["datasources"]
check(any(d.get("url") == "http://prometheus:9090" and d.get("isDefault") for d in datasources), "grafana: no default Prometheus data source")
providers = load("grafana/provisioning/dashboards/burnrate.yml")["providers"]
grafana_mounts = {v.split(":")[1] for v in services.get("grafana", {}).get("volumes", []) if isinstance(v, str)}
for p in providers:
    check(p["options"]["path"] in grafana_mounts, f"grafana: provider path {p['options']['path']} is not mounted")

if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
print(f"kubernetes.yaml: {', '.join(sorted(by_kind))}; docker-compose.yml: {', '.join(services)}: consistent")
PY

if command -v systemd-analyze >/dev/null; then
    step "systemd-analyze verify deploy/burnrate.service"
    # verify insists that ExecStart exists: point it at the binary just built.
    mkdir -p "$work/unit"
    sed "s|/opt/burnrate/burnrate|$binary|" deploy/burnrate.service >"$work/unit/burnrate.service"
    out=$(systemd-analyze verify "$work/unit/burnrate.service" 2>&1) || { echo "$out" >&2; fail "systemd-analyze verify"; }
    # It exits 0 on some unit-file mistakes, printing them: anything about this unit fails.
    if echo "$out" | grep -i 'burnrate.service'; then fail "systemd-analyze verify complained (above)"; fi
else
    echo "systemd-analyze not installed: deploy/burnrate.service not verified"
fi

echo "container test passed in $((SECONDS - started)) s"
