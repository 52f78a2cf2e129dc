"""NativeAuthenticator with the academy's rules: Unix-safe names and seeded demo accounts.

NativeAuthenticator gives self sign-up, admin approval (/hub/authorize), password strength and
lock-out after repeated failures; this subclass only adds what the academy needs on top.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import bcrypt
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.orm import UserInfo
from traitlets import Dict, Unicode

from curriculum.courses import USERNAME_PATTERN


class AcademyAuthenticator(NativeAuthenticator):
    """Sign-up and login for the academy."""

    demo_passwords = Dict(
        key_trait=Unicode(), value_trait=Unicode(),
        help="Demo accounts to create, approved, with these passwords (name -> password). "
        "Set by the academy's hub configuration in demo mode only.").tag(config=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seed_demo_accounts()

    def validate_username(self, username: str) -> bool:
        """Names become Unix accounts and group members: keep them lowercase and short."""
        return bool(USERNAME_PATTERN.match(username)) and super().validate_username(username)

    def seed_demo_accounts(self) -> None:
        """Create each demo account approved, or reset its password to the printed one.

        bcrypt is slow on purpose (~0.25 s a check): a hash is computed only for an account
        that needs one, and the checks of existing accounts run side by side (bcrypt releases
        the GIL), so a restarted demo hub is not held up seconds before it routes anything.
        """
        accounts = {name: UserInfo.find(self.db, name) for name in self.demo_passwords}
        existing = [(info, self.demo_passwords[name]) for name, info in accounts.items()
                    if info is not None]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            valid = list(pool.map(lambda pair: pair[0].is_valid_password(pair[1]), existing))
        stale = {info.username for (info, _), ok in zip(existing, valid, strict=True)
                 if not ok or not info.is_authorized}
        for username, info in accounts.items():
            if info is not None and username not in stale:
                continue
            hashed = bcrypt.hashpw(self.demo_passwords[username].encode(), bcrypt.gensalt())
            if info is None:
                self.db.add(UserInfo(username=username, password=hashed, is_authorized=True))
            else:
                info.password = hashed
                info.is_authorized = True
        self.db.commit()
