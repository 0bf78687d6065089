"""Regenerate the VM test's TEST-ONLY secrets: an SSH host key and a sops file encrypted to it.

Nothing here protects anything real: the private key is committed on purpose so that the NixOS
VM test (checks/e2e.nix) can decrypt through the same sops-nix options a real host uses
(`sops.age.sshKeyPaths`). Real hosts use their own SSH host keys and secrets/pipeline.yaml.

sops-nix turns an ed25519 SSH key into an age X25519 identity (ssh-to-age): the identity is
SHA-512(seed)[:32], the recipient the key's Edwards point in Montgomery form. This script does
the same conversion, checks it both ways, and encrypts with `sops --age <recipient>`.

Usage: python secrets/test/regenerate.py   (needs ssh-keygen and sops on PATH)
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEY = HERE / "ssh_host_ed25519_key"
SOPS_FILE = HERE / "secrets.yaml"
AGE_RECIPIENT_FILE = HERE / "age-recipient.txt"
P = 2**255 - 19
CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values: list[int]) -> int:
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bech32(hrp: str, data: bytes) -> str:
    """BIP-173 bech32 of 8-bit `data` (what age uses for keys)."""
    acc, bits, five = 0, 0, []
    for byte in data:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            five.append((acc >> bits) & 31)
    if bits:
        five.append((acc << (5 - bits)) & 31)
    hrp_l = hrp.lower()
    expanded = [ord(c) >> 5 for c in hrp_l] + [0] + [ord(c) & 31 for c in hrp_l]
    poly = _bech32_polymod([*expanded, *five, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp_l + "1" + "".join(CHARSET[d] for d in five + checksum)


def _read_openssh_ed25519(path: Path) -> tuple[bytes, bytes]:
    """(seed, public key) of an unencrypted OpenSSH ed25519 private key file."""
    lines = [ln for ln in path.read_text().splitlines() if ln and not ln.startswith("-----")]
    blob = base64.b64decode("".join(lines))

    def take(buf: bytes) -> tuple[bytes, bytes]:
        n = int.from_bytes(buf[:4], "big")
        return buf[4 : 4 + n], buf[4 + n :]

    assert blob.startswith(b"openssh-key-v1\0"), "not an OpenSSH private key"
    rest = blob[len(b"openssh-key-v1\0") :]
    cipher, rest = take(rest)
    assert cipher == b"none", "the test key must not have a passphrase"
    _kdf, rest = take(rest)
    _kdfopts, rest = take(rest)
    rest = rest[4:]  # number of keys (1)
    _pub, rest = take(rest)
    private, _ = take(rest)
    private = private[8:]  # two check ints
    keytype, private = take(private)
    assert keytype == b"ssh-ed25519", "only ed25519 keys convert to age"
    public, private = take(private)
    secret, _ = take(private)
    return secret[:32], public


def age_keys(seed: bytes, public: bytes) -> tuple[str, str]:
    """(AGE-SECRET-KEY-1…, age1…) exactly as ssh-to-age derives them."""
    identity = hashlib.sha512(seed).digest()[:32]
    y = int.from_bytes(public, "little") & ((1 << 255) - 1)
    u = (1 + y) * pow(1 - y, P - 2, P) % P
    recipient = u.to_bytes(32, "little")
    # Cross-check: the identity's X25519 public key must be the converted Edwards point.
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    derived = X25519PrivateKey.from_private_bytes(identity).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert derived == recipient, "ed25519 -> X25519 conversion disagrees with itself"
    return bech32("AGE-SECRET-KEY-", identity).upper(), bech32("age", recipient)


def test_values() -> str:
    """The YAML the VM test decrypts: one TEST-ONLY value per topology.secrets name."""
    token = "test-only-influx-token-" + secrets.token_hex(16)
    return (
        f"influxToken: {token}\n"
        f"influxPassword: test-only-influx-password-{secrets.token_hex(8)}\n"
        f"grafanaAdminPassword: test-only-grafana-admin-{secrets.token_hex(8)}\n"
        f"grafanaSecretKey: test-only-grafana-secret-key-{secrets.token_hex(8)}\n"
    )


def main() -> int:
    if not KEY.exists():
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pipeline VM test ONLY", "-f", str(KEY)], check=True
        )
    identity, recipient = age_keys(*_read_openssh_ed25519(KEY))
    AGE_RECIPIENT_FILE.write_text(recipient + "\n")
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "secrets.yaml"
        plain.write_text(test_values())
        encrypted = subprocess.run(
            ["sops", "encrypt", "--age", recipient, "--input-type", "yaml", "--output-type", "yaml", str(plain)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    SOPS_FILE.write_text(encrypted)
    # Prove the committed key decrypts it the way sops-nix will.
    env = {**os.environ, "SOPS_AGE_KEY": identity}
    subprocess.run(["sops", "decrypt", str(SOPS_FILE)], check=True, env=env, capture_output=True)
    print(f"wrote {SOPS_FILE.relative_to(HERE.parent.parent)} for {recipient}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
