"""Who is working: a display name and a role (``analyst`` or ``lead``), recorded as the author of
every action (codings' coder, memos, sector corrections, theme edits, reviews, merges).

Set once per user in a small settings file (``identity.json`` in the per-user data folder, written
by ``consult-analyser whoami --name N --role R`` or the app's identity dialog). Two things
override it, strongest first:

1. the identity stamped into an analyst's project copy by ``team split`` (work done in Alice's
   copy is Alice's, whoever's laptop it is on);
2. the environment variables ``CONSULT_ANALYST`` (name) and ``CONSULT_ROLE`` (role).

Without any of these, the login name is used, as an analyst.
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path

from consult_analyser.errors import NotALead
from consult_analyser.paths import user_data_dir

ROLES = ("analyst", "lead")
NAME_ENV = "CONSULT_ANALYST"
ROLE_ENV = "CONSULT_ROLE"
SETTINGS_FILE = "identity.json"
#: the project meta key holding a copy's stamped identity (JSON {"name", "role"})
COPY_META_KEY = "team_identity"


@dataclass(frozen=True)
class Identity:
    name: str
    role: str = "analyst"
    source: str = "login"  # copy | environment | settings | login | given

    @property
    def is_lead(self) -> bool:
        return self.role == "lead"

    def describe(self) -> str:
        return f"{self.name} ({self.role})"


def require_lead(who: Identity, action: str = "do this") -> None:
    """The one check behind every lead-only action: raise :class:`NotALead` (with how to become
    one) unless ``who`` is a team lead."""
    if not who.is_lead:
        how = ("this is an analyst's copy, which works as its analyst whatever your own role: do it in the "
               "lead's project" if who.source == "copy" else
               "set your role with `consult-analyser whoami --role lead` or the status bar")
        raise NotALead(f"only a team lead can {action}; you are working as {who.describe()} ({how})")


def settings_path() -> Path:
    return user_data_dir() / SETTINGS_FILE


def check(name: str, role: str) -> tuple[str, str]:
    """Clean and validate a name and role; raises ValueError with a message for the user."""
    name = " ".join(str(name).split())
    if not name:
        raise ValueError("a name is needed (the name shown beside your codings, memos and reviews)")
    if len(name) > 80:
        raise ValueError("the name is too long (at most 80 characters)")
    role = str(role).strip().lower()
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    return name, role


def load_settings() -> Identity | None:
    """The identity saved in the settings file, or None (missing or unreadable file)."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
        name, role = check(data.get("name", ""), data.get("role", "analyst"))
    except (OSError, ValueError, AttributeError):
        return None
    return Identity(name, role, "settings")


def save_settings(name: str, role: str = "analyst") -> Identity:
    """Save this user's identity (atomically) and return it."""
    name, role = check(name, role)
    path = settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"name": name, "role": role}, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return Identity(name, role, "settings")


def parse_copy_identity(value: str) -> Identity | None:
    """The identity stamped into a project copy (the meta value), or None."""
    if not value:
        return None
    try:
        data = json.loads(value)
        name, role = check(data.get("name", ""), data.get("role", "analyst"))
    except (ValueError, AttributeError):
        return None
    return Identity(name, role, "copy")


def copy_identity_value(name: str, role: str = "analyst") -> str:
    name, role = check(name, role)
    return json.dumps({"name": name, "role": role})


def _login_name() -> str:
    try:
        return getpass.getuser() or "analyst"
    except Exception:  # noqa: BLE001 - no login name on some systems
        return "analyst"


def current(copy_value: str = "") -> Identity:
    """Who is working, by the order of precedence above (``copy_value``: the project's stamp)."""
    stamped = parse_copy_identity(copy_value)
    if stamped is not None:
        return stamped
    saved = load_settings()
    env_name = os.environ.get(NAME_ENV, "").strip()
    env_role = os.environ.get(ROLE_ENV, "").strip().lower()
    if env_role not in ROLES:
        env_role = ""
    if env_name or env_role:
        name = env_name or (saved.name if saved else _login_name())
        role = env_role or (saved.role if saved else "analyst")
        return Identity(name, role, "environment")
    if saved is not None:
        return saved
    return Identity(_login_name(), "analyst", "login")
