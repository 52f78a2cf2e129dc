"""NativeAuthenticator with the academy's rules: Unix-safe names and seeded demo accounts.

NativeAuthenticator gives self sign-up, admin approval (/hub/authorize), password strength and
lock-out after repeated failures; this subclass only adds what the academy needs on top.
"""

from __future__ import annotations

import bcrypt
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.orm import UserInfo
from traitlets import Dict, Unicode

from academy.courses import USERNAME_PATTERN


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
        """Create each demo account approved, or reset its password to the printed one."""
        for username, password in self.demo_passwords.items():
            hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
            info = UserInfo.find(self.db, username)
            if info is None:
                self.db.add(UserInfo(username=username, password=hashed, is_authorized=True))
            elif not info.is_valid_password(password) or not info.is_authorized:
                info.password = hashed
                info.is_authorized = True
        self.db.commit()
