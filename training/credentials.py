"""Open Badges 3.0 credentials: a W3C Verifiable Credential signed as a VC-JWT (EdDSA, Ed25519).

Anyone can check a downloaded credential offline with the public key published at
/.well-known/jwks.json; nothing else about the portal is needed.
"""

import base64
import hashlib
import json
from datetime import UTC, datetime, time
from functools import cache
from zoneinfo import ZoneInfo

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from .models import Certificate

ALGORITHM = "EdDSA"
OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
_DEV_KEY_PATH = "var/training-signing-key.pem"


@cache
def signing_key() -> Ed25519PrivateKey:
    """settings.TRAINING_SIGNING_KEY, else a development key generated once under the git-ignored var/."""
    pem = settings.TRAINING_SIGNING_KEY.replace("\\n", "\n").strip()
    if not pem:
        path = settings.BASE_DIR / _DEV_KEY_PATH
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            key = Ed25519PrivateKey.generate()
            data = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            path.touch(mode=0o600)
            path.write_bytes(data)
        pem = path.read_text()
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("TRAINING_SIGNING_KEY must be an Ed25519 private key")
    return key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(public_key: Ed25519PublicKey | None = None) -> dict:
    public_key = public_key or signing_key().public_key()
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    jwk = {"crv": "Ed25519", "kty": "OKP", "x": _b64(raw)}
    # RFC 7638 thumbprint: the key's stable id, changing only when the key does.
    thumbprint = hashlib.sha256(json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()).digest()
    return {**jwk, "kid": _b64(thumbprint), "use": "sig", "alg": ALGORITHM}


def jwks() -> dict:
    return {"keys": [public_jwk()]}


def credential(certificate: Certificate, *, verify_url: str, course_url: str, issuer_url: str) -> dict:
    # The printed date is a local date: valid from its local midnight (midnight UTC of that date would
    # lie in the future between 17:00 and 24:00 UTC, and a verifier would reject the fresh credential).
    local_midnight = datetime.combine(certificate.issued_on, time(), tzinfo=ZoneInfo(settings.TIME_ZONE))
    issued = local_midnight.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "@context": OB_CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_url, "type": ["Profile"], "name": certificate.issuer},
        "validFrom": issued,
        "name": certificate.course_title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.learner_name,
            "achievement": {
                "id": course_url,
                "type": ["Achievement"],
                "name": certificate.course_title,
                "criteria": {"narrative": "All lessons completed and the final quiz passed."},
            },
        },
        "credentialStatus": {"id": f"{verify_url.rstrip('/')}.json", "type": "VerificationPage"},
    }


def sign(vc: dict) -> str:
    claims = {
        "iss": vc["issuer"]["id"],
        "jti": vc["id"],
        "nbf": int(datetime.fromisoformat(vc["validFrom"].replace("Z", "+00:00")).timestamp()),
        "vc": vc,
    }
    return jwt.encode(claims, signing_key(), algorithm=ALGORITHM, headers={"kid": public_jwk()["kid"], "typ": "JWT"})


def verify(token: str, jwk: dict) -> dict:
    """The credential's claims when the signature holds for this published key; raises jwt.InvalidTokenError."""
    key = jwt.PyJWK(jwk, algorithm=ALGORITHM).key
    return jwt.decode(token, key, algorithms=[ALGORITHM], options={"verify_aud": False})
