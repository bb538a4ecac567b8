#!/usr/bin/env bash
# The image with TLS, as the chart runs it: certificate and key mounted read-only from outside
# (a Secret volume in Kubernetes), flags from SECD_* variables; the host's secctl connects with
# --tls-ca, and a plaintext client is refused. Certificates are made here with openssl.
#   tls.sh STATE_DIR SECCTL
source "$(dirname "$0")/lib.sh"
ct_init "$1"
secctl=${2:?secctl}
ct_require_image
command -v openssl >/dev/null || fail "openssl not found: apt-get install openssl (scripts/install-deps does)"
name="secd-ctest-$CT_ID-tls"
work=""
cleanup() {
  podman rm -f -v "$name" >/dev/null 2>&1 || true
  [ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT
cleanup
work=$(mktemp -d "$CT_STATE/run-tls.XXXXXX")
mkdir "$work/tls"

step "a CA and a server certificate for 127.0.0.1"
(
  cd "$work/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=secd-ctest-ca \
    -keyout ca.key -out ca.crt 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout tls.key -out tls.csr 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >san.ext
  openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
    -extfile san.ext -out tls.crt 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca \
    -keyout other.key -out other-ca.crt 2>/dev/null
  rm ca.key other.key tls.csr san.ext ca.srl
  chmod 0644 tls.key tls.crt ca.crt   # read by uid 10001 in the container
) || fail "openssl could not make the test certificates"

port=$(free_port)
podman run -d --name "$name" --label "$CT_LABEL" -p "127.0.0.1:$port:50051" \
  -v "$work/tls:/etc/secd/tls:ro" -e SECD_TLS_CERT=/etc/secd/tls/tls.crt \
  -e SECD_TLS_KEY=/etc/secd/tls/tls.key -e SECD_METRICS_LISTEN= "$CT_IMAGE" >/dev/null ||
  fail "podman run failed"
for _ in $(seq 1 120); do
  podman exec "$name" test -s /var/lib/secd/secd-admin.token 2>/dev/null && break
  sleep 0.25
done
podman cp "$name:/var/lib/secd/secd-admin.token" "$work/admin.token" || { show_logs "$name"; fail "no admin token"; }
ctl=("$secctl" --server "127.0.0.1:$port" --token-file "$work/admin.token")
wait_for_secctl "$name" 30 "${ctl[@]}" --tls-ca "$work/tls/ca.crt" parties list
podman logs "$name" 2>&1 | grep 'serving' | grep -q 'tls=on' || { show_logs "$name"; fail "secd does not report tls=on"; }

step "plaintext and an unknown CA are refused"
if out=$("${ctl[@]}" --deadline 5 parties list 2>&1); then
  fail "a plaintext client got an answer from the TLS port: $out"
fi
grep -q UNAVAILABLE <<<"$out" || fail "plaintext client: expected UNAVAILABLE, got: $out"
if out=$("${ctl[@]}" --deadline 5 --tls-ca "$work/tls/other-ca.crt" parties list 2>&1); then
  fail "a client trusting another CA accepted the server certificate: $out"
fi
grep -q UNAVAILABLE <<<"$out" || fail "client with another CA: expected UNAVAILABLE, got: $out"
podman stop -t 20 "$name" >/dev/null
[ "$(podman inspect -f '{{.State.ExitCode}}' "$name")" = "0" ] || { show_logs "$name"; fail "did not exit 0"; }
echo "ok: the image serves TLS from mounted files"
