"""Runs that change the project, recorded while they work: theme discovery (question by question),
sector classification, and the exports the app writes. One mechanism for all of them.

A run is recorded when it starts (:func:`start`: its kind, when, by whom, the questions it will do,
the process doing it), each question as it is saved (:func:`item_done`, in the transaction that saves
it), and dropped when it ends (:func:`finish`); a run that is cancelled or fails says so
(:func:`stop`). A record still there when nothing is running is a run the process did not live to
finish (killed, the machine switched off): reopening the project says so once, in one sentence per
run (:func:`notices`: "The theme run of 14:29 was interrupted during Q2; Q2–C1 kept their earlier
themes"), and a question the run did not do says it when shown (:func:`item_note`). A cancelled run
leaves the record as it was before it started (what it finished stays done): its questions kept the
themes of the last run that finished them, which nothing has changed since (a trial's Themes view and
``info`` called up-to-date themes stale after a Cancel).

Whether a record is of a run still working: a project open for writing holds the only writer's lock,
so a record of another process there is of one that ended without finishing; a reader (the command
line's ``info``, which needs no lock) asks whether the process that wrote it is still alive.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import socket
import uuid
from dataclasses import asdict, dataclass, field

from consult_analyser.domain import new_id, now_iso
from consult_analyser.store.project import Project

log = logging.getLogger(__name__)

RUNS_META = "runs.unfinished"  # JSON list of the runs not yet finished (see Run)
LEGACY_THEMES_META = "themes.unfinished"  # before: the questions a theme run had still to do (JSON list of keys)

#: this process, told apart from an earlier one that had the same process id
_TOKEN = uuid.uuid4().hex

THEMES, SECTORS, EXPORT = "themes", "sectors", "export"
_NAMES = {THEMES: "theme run", SECTORS: "sector run", EXPORT: "export"}


@dataclass
class Run:
    id: str
    kind: str  # THEMES, SECTORS or EXPORT
    started_at: str = ""  # ISO, UTC ("" for a record written before runs had times)
    items: list[str] = field(default_factory=list)  # the questions it does, in order
    done: list[str] = field(default_factory=list)
    target: str = ""  # an export's file
    by: str = ""
    pid: int = 0
    host: str = ""
    token: str = ""
    stopped: str = ""  # "failed" when it said so; "" while working or when killed (a cancelled one is dropped)
    before: list[dict] = field(default_factory=list)  # a theme run: the earlier theme records it took questions from

    @property
    def left(self) -> list[str]:
        return [i for i in self.items if i not in self.done]


# ------------------------------------------------------------------------------------------ records


def _load(project: Project) -> list[Run]:
    runs: list[Run] = []
    try:
        stored = json.loads(project.get_meta(RUNS_META) or "[]")
        fields = set(Run.__dataclass_fields__)
        runs = [Run(**{k: v for k, v in r.items() if k in fields}) for r in stored if isinstance(r, dict)]
        # a run recorded as cancelled (before a cancel put the record back as it was) has nothing to say
        runs = [r for r in runs if r.stopped != "cancelled"]
    except (ValueError, TypeError):
        log.warning("unreadable record of unfinished runs; ignored", exc_info=True)
    legacy = project.get_meta(LEGACY_THEMES_META)
    if legacy:
        try:
            keys = [str(k) for k in json.loads(legacy)]
        except (ValueError, TypeError):
            keys = []
        if keys:
            runs.insert(0, Run("legacy-themes", THEMES, items=keys))
    return runs


def _save(project: Project, runs: list[Run]) -> None:
    if project.readonly:
        return
    with project.transaction():
        project.set_meta(RUNS_META, json.dumps([asdict(r) for r in runs if r.id != "legacy-themes"]) if runs else "")
        legacy = next((r for r in runs if r.id == "legacy-themes"), None)
        project.set_meta(LEGACY_THEMES_META, json.dumps(legacy.left) if legacy and legacy.left else "")


def _tidy(runs: list[Run]) -> list[Run]:
    """Theme runs with every question done are over."""
    return [r for r in runs if r.kind != THEMES or r.left]


def start(project: Project, kind: str, items: list[str] | tuple[str, ...] = (), *, target: str = "") -> str:
    """Record a run starting; returns its id (for :func:`finish` and :func:`stop`). A theme run takes over
    the questions an earlier unfinished one left; a sector run, or an export to the same file, replaces
    the earlier record of its kind."""
    run = Run(new_id(), kind, now_iso(), list(dict.fromkeys(items)), [], target, project.actor, os.getpid(),
              socket.gethostname(), _TOKEN)
    if project.readonly:
        return run.id
    runs = []
    for r in _load(project):
        if kind == THEMES and r.kind == THEMES:
            if set(r.left) & set(run.items):  # kept as it was, for a cancel to put back
                run.before.append({**asdict(r), "before": []})
            r.items = [i for i in r.items if i not in run.items or i in r.done]
        elif r.kind == kind and (kind == SECTORS or r.target == target):
            continue
        runs.append(r)
    _save(project, _tidy(runs) + [run])
    return run.id


def item_done(project: Project, kind: str, item: str) -> None:
    """A run has done this question (its themes saved, or its failure said). Part of the caller's transaction."""
    runs = _load(project)
    if not any(item in r.left for r in runs if r.kind == kind):
        return
    for r in runs:
        if r.kind == kind and item in r.left:
            r.done.append(item)
    _save(project, _tidy(runs))


def finish(project: Project, run_id: str) -> None:
    """A run ended (done, or its changes rolled back): its record goes. Never raises (it is called while
    another error may be on its way); a record it could not drop is said as interrupted later."""
    try:
        runs = _load(project)
        if any(r.id == run_id for r in runs):
            _save(project, [r for r in runs if r.id != run_id])
    except Exception:  # noqa: BLE001
        log.warning("could not record that a run ended", exc_info=True)


def stop(project: Project, run_id: str, reason: str) -> None:
    """A run stopped on purpose or on an error it reported (``reason``: "cancelled" or "failed"). A failed
    run's questions not done stay recorded, said as such rather than as interrupted. A cancelled run
    leaves the record as it was before it started: its own record goes, and the earlier records it took
    questions from are put back (less the questions it did finish). Never raises (it is called while
    another error is on its way)."""
    try:
        runs = _load(project)
        ended = next((r for r in runs if r.id == run_id), None)
        if ended is not None and reason == "cancelled":
            runs = _put_back(runs, ended)
        else:
            for r in runs:
                if r.id == run_id:
                    r.stopped = reason
        _save(project, _tidy(runs))
    except Exception:  # noqa: BLE001 - the error that stopped the run is the one to report
        log.warning("could not record that a run stopped", exc_info=True)


def _put_back(runs: list[Run], cancelled: Run) -> list[Run]:
    """``runs`` without ``cancelled`` and with the earlier records it took questions from as they were
    before it started, less the questions it finished."""
    fields = set(Run.__dataclass_fields__)
    earlier = {}
    for record in cancelled.before:
        if isinstance(record, dict):
            r = Run(**{k: v for k, v in record.items() if k in fields})
            r.done = list(dict.fromkeys([*r.done, *(i for i in cancelled.done if i in r.items)]))
            earlier[r.id] = r
    kept = [earlier.pop(r.id, r) for r in runs if r.id != cancelled.id]
    return list(earlier.values()) + kept  # (records it had emptied were older than any still listed)


# ------------------------------------------------------------------------------------------- states


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # (os.kill would end it there)
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def state(project: Project, run: Run) -> str:
    """"running", "interrupted" (the process ended without finishing it) or "failed" (a cancelled run leaves no record)."""
    if run.stopped:
        return run.stopped
    if run.token == _TOKEN:
        return "running"
    if not project.readonly or not run.pid:  # the writer's lock is ours: no other process is working on it
        return "interrupted"
    if run.host == socket.gethostname() and not _alive(run.pid):
        return "interrupted"
    return "running"


def unfinished(project: Project, kind: str | None = None, *, running: bool = False) -> list[Run]:
    """Runs that stopped before they finished (with ``running``, those still working too)."""
    return [r for r in _load(project) if (kind is None or r.kind == kind)
            and (running or state(project, r) != "running")]


# ------------------------------------------------------------------------------------------- wording


def when(run: Run) -> str:
    """When a run started, in local time: "14:29" today, "3 May 14:29" before."""
    try:
        at = datetime.datetime.fromisoformat(run.started_at.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=datetime.UTC)
    local = at.astimezone()
    today = datetime.datetime.now().astimezone().date()
    if local.date() == today:
        return local.strftime("%H:%M")
    year = f" {local.year}" if local.year != today.year else ""
    return f"{local.day} {local.strftime('%b')}{year} {local.strftime('%H:%M')}"


def spans(items: list[str], order: list[str]) -> str:
    """Questions as spans of neighbours in ``order``: "Q2–C1", "Q2 and Q3", "Q2–Q4, Q9"."""
    place = {k: i for i, k in enumerate(order)}
    groups: list[list[str]] = []
    for item in items:
        if groups and item in place and groups[-1][-1] in place and place[item] == place[groups[-1][-1]] + 1:
            groups[-1].append(item)
        else:
            groups.append([item])
    parts = [g[0] if len(g) == 1 else f"{g[0]} and {g[1]}" if len(g) == 2 else f"{g[0]}–{g[-1]}" for g in groups]
    return ", ".join(parts)


def _title(run: Run) -> str:
    at = when(run)
    return f"the {_NAMES[run.kind]} of {at}" if at else f"an earlier {_NAMES[run.kind]}"


def _how(project: Project, run: Run) -> str:
    return {"cancelled": "was cancelled", "failed": "stopped on an error"}.get(state(project, run), "was interrupted")


def notice(project: Project, run: Run) -> str:
    """One sentence on a run that stopped before it finished."""
    title, how = _title(run), _how(project, run)
    if run.kind == THEMES:
        left = run.left
        if not left:
            return ""
        which = spans(left, run.items)
        if not run.started_at:  # a record from before runs had times: where it stopped is not known
            return f"{title[:1].upper()}{title[1:]} stopped before it finished {which}, which kept their earlier " \
                   "themes (if any): find themes again for them"
        whose = "its" if len(left) == 1 else "their"
        return (f"{title[:1].upper()}{title[1:]} {how} during {left[0]}; {which} kept {whose} earlier themes "
                "(if any): find themes again for them")
    if run.kind == SECTORS:
        return (f"{title[:1].upper()}{title[1:]} {how} before it saved anything: every respondent's sector is "
                "as it was before it (Sector review › Retrain runs it again)")
    return (f"{title[:1].upper()}{title[1:]} to {run.target} {how}: nothing was written under that name (its "
            "part-written file is removed by the next export there); export again")


def notices(project: Project) -> list[str]:
    """A sentence for each run that stopped before it finished, oldest first."""
    return [text for r in unfinished(project) if (text := notice(project, r))]


def item_note(project: Project, kind: str, item: str) -> str:
    """What to say beside a question a run stopped before doing ("" when none did)."""
    run = next((r for r in unfinished(project, kind) if item in r.left), None)
    if run is None:
        return ""
    if not run.started_at:
        return (f"an earlier theme run stopped before it finished {item}, which kept its earlier themes (if any): "
                "find themes again to bring it up to date")
    where = f"during {item}" if run.left[0] == item else f"during {run.left[0]}, before it reached {item}"
    return (f"{_title(run)} {_how(project, run)} {where}, which kept its earlier themes (if any): find themes again "
            "to bring it up to date")
