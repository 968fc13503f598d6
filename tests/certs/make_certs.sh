#!/usr/bin/env bash
# Makes the TEST-ONLY TLS material of the Veracross simulator (tests/sim/).
# Nothing here protects anything: the private keys are checked in on purpose.
#
#   ca.pem / ca.key                        test CA that clients trust (vcsim::test_ca_file())
#   server.pem / server.key                127.0.0.1 + localhost, signed by ca.pem
#   wrong_host.pem / wrong_host.key        wrong-host.invalid, signed by ca.pem
#   untrusted_ca.pem / untrusted_ca.key    a second CA nobody trusts
#   untrusted_server.pem / .key            127.0.0.1 + localhost, signed by untrusted_ca.pem
#   jwt_signing.key, jwt_wrong.key         RSA keys for id_tokens (the JWKS key and the "wrong key" fault)
#
# Everything is valid for ~100 years. Run it from anywhere; it rewrites the files.
set -euo pipefail
cd "$(dirname "$0")"
days=36500

new_key() { openssl genrsa -out "$1" 2048 2>/dev/null; }

# new_ca NAME SUBJECT
new_ca() {
  new_key "$1.key"
  openssl req -x509 -new -key "$1.key" -sha256 -days "$days" -subj "$2" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" -out "$1.pem"
}

# new_server NAME CA COMMON_NAME SUBJECT_ALT_NAMES
new_server() {
  new_key "$1.key"
  openssl req -new -key "$1.key" -subj "/O=pickAtime tests/CN=$3" -out "$1.csr"
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth" "subjectAltName=$4" "authorityKeyIdentifier=keyid" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -set_serial "0x$(openssl rand -hex 8)" \
    -sha256 -days "$days" -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm "$1.csr" "$1.ext"
}

new_ca ca "/O=pickAtime tests/CN=Veracross simulator test CA"
new_server server ca 127.0.0.1 "IP:127.0.0.1,DNS:localhost"
new_server wrong_host ca wrong-host.invalid "DNS:wrong-host.invalid"
new_ca untrusted_ca "/O=pickAtime tests/CN=Untrusted test CA"
new_server untrusted_server untrusted_ca 127.0.0.1 "IP:127.0.0.1,DNS:localhost"
new_key jwt_signing.key
new_key jwt_wrong.key
