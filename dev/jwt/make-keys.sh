#!/usr/bin/env sh
# Makes an RSA key pair for signing test JWTs (RS256), as an identity provider would hold it:
#   dev/jwt/make-keys.sh [DIR]        # writes DIR/private.pem (PKCS#8) and DIR/public.pem (X.509 SPKI)
# Point the service at the public half:
#   SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION=file:DIR/public.pem
# and mint tokens with the private half: node dev/jwt/mint-jwts.mjs --key DIR/private.pem ...
set -eu
dir="${1:-.}"
mkdir -p "$dir"
umask 077
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/private.pem"
openssl pkey -in "$dir/private.pem" -pubout -out "$dir/public.pem"
chmod 644 "$dir/public.pem"
echo "wrote $dir/private.pem (keep it secret) and $dir/public.pem (give it to the service)"
