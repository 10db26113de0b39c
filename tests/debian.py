"""Debian packages the tests need (PostgreSQL, Chromium), installed when missing: CI runs as root on a fresh machine."""

from __future__ import annotations

import os
import subprocess


class PackageUnavailable(RuntimeError):
    pass


def apt_install(package: str) -> None:
    if os.geteuid() != 0:
        raise PackageUnavailable(f"{package} is not installed and the tests are not running as root to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update"], check=True, capture_output=True, env=env)
    subprocess.run(["apt-get", "install", "-y", package], check=True, capture_output=True, env=env)
