"""Merging analysts' work into the lead's project: every source in one transaction, idempotent.

Rows carry stable ids across copies, so a row already here is never added twice and merging the
same copy again adds nothing. Codings are records per (answer, code, coder): additions never
conflict. A change is applied when the lead's row is still as it was when the copy was made;
when both sides changed the same row (a code renamed two ways, a theme the lead signed off and
an analyst edited, a code deleted by one and used by another), or an analyst renamed a code of the
shared codebook (which would rename everyone's codings with it), a conflict is recorded for the
lead to resolve (:mod:`consult_analyser.team.conflicts`), never decided silently. A code created
in two copies under the same name and parent becomes one code.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consult_analyser.domain import new_id
from consult_analyser.errors import ProjectError
from consult_analyser.progress import ProgressFn, null_progress
from consult_analyser.store import consent, team_rows, withdrawals
from consult_analyser.store import team as store
from consult_analyser.store.identity import require_lead
from consult_analyser.store.project import Changes, Project
from consult_analyser.store.suggestions import accepter
from consult_analyser.team import owner
from consult_analyser.team.changes import ChangeSet, load

log = logging.getLogger(__name__)

Row = dict[str, Any]


@dataclass
class MergeResult:
    analyst: str
    source: str
    counts: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    notes: list[str] = field(default_factory=list)  # what the lead should know (codings not merged, ...)

    @property
    def added_nothing(self) -> bool:
        """True when the merge wrote nothing here (matching a code by name writes nothing)."""
        if self.conflicts:
            return False
        return not any(v for k, v in self.counts.items() if k.endswith(("_added", "_updated", "_deleted")))


def check_source(project: Project, changes: ChangeSet, name: str) -> None:
    """Refuse a change set that does not belong to this project."""
    if project.get_meta(store.COPY_KEY):
        raise ProjectError(f"{project.path.name} is an analyst's copy: merge into the lead's project instead")
    mine = store.consultation_id(project)
    if not mine or changes.consultation_id != mine:
        raise ProjectError(f"{name} is a copy of another consultation, not of {project.path.name}; nothing was merged")
    if store.member(project, changes.copy_id) is None:
        raise ProjectError(f"{name} was not split from {project.path.name} (unknown copy); nothing was merged")
    merged = int(project.get_meta(f"team_audit_seq:{changes.copy_id}", "0") or 0)
    latest = max((int(r["seq"]) for r in changes.audit), default=0)
    if latest < merged:
        raise ProjectError(f"{name} is older than the copy of {changes.analyst} merged before (its last change is "
                           f"number {latest}, the merged copy's {merged}): merge the newest copy; nothing was merged")
    version = int(project.scalar("PRAGMA user_version"))
    if changes.schema != version:
        raise ProjectError(f"{name} was made with project schema {changes.schema}, this project has {version}: "
                           "open both with the same version of Consult Analyser; nothing was merged")


def merge(project: Project, sources: Sequence[str | Path], *,
          progress: ProgressFn | None = None) -> tuple[list[MergeResult], Changes]:
    """Merge analysts' copies and/or change files into ``project``, all in one transaction."""
    progress = progress or null_progress
    sets: list[ChangeSet] = []
    for i, source in enumerate(sources):
        progress(0.4 * i / max(1, len(sources)), f"reading {Path(source).name}")
        changes = load(source)
        check_source(project, changes, Path(source).name)
        sets.append(changes)
    require_lead(project.identity, "merge analysts' work")
    results: list[MergeResult] = []
    with project.transaction() as conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        known = set(team_rows.foreign_key_problems(project))  # an old project's own, not the merge's
        for i, changes in enumerate(sets):
            progress(0.4 + 0.6 * i / max(1, len(sets)), f"merging {changes.analyst}")
            try:
                results.append(_Merger(project, changes).run())
            except (KeyError, TypeError, AttributeError, IndexError) as exc:
                # a change file whose checksum holds but whose rows are not as a copy writes them (edited by hand
                # and its checksum made again): said as such, the whole merge rolled back (a hostile-input trial's
                # gave "Unexpected problem ... KeyError ('key')")
                log.info("malformed change set %s: %r", changes.source_file, exc)
                raise ProjectError(f"{Path(changes.source_file).name} is malformed: its rows are not as an analyst's "
                                   f"copy writes them ({exc.__class__.__name__}: {exc}); nothing was merged. Ask for a "
                                   "fresh change file") from None
        problems = [p for p in team_rows.foreign_key_problems(project) if p not in known]
        if problems:  # raising here rolls the whole merge back
            raise ProjectError("nothing was merged: the copies refer to rows this project does not have ("
                               + "; ".join(problems[:3]) + ")")
    progress(1.0, "merged")
    touched = Changes()
    for table in team_rows.TRACKED:
        touched.add(team_rows.VIEWS.get(table, table))
    touched.add("team")
    touched.add("publication")
    return results, touched


class _Merger:
    def __init__(self, project: Project, changes: ChangeSet):
        self.project = project
        self.changes = changes
        self.result = MergeResult(changes.analyst, Path(changes.source_file).name)
        self.merge_id = new_id()
        self.code_map: dict[str, str] = {}
        self.salt, self.gone = "", dict[str, str]()  # respondents withdrawn here: see _drop_withdrawn
        self.tables: dict[str, dict[str, Any]] = changes.tables  # the copy's changes merged (see _drop_withdrawn)
        self.unknown: tuple[list[Row], int] = ([], 0)  # codings, places in themes on answers not here: see _on_unknown

    def count(self, key: str, n: int = 1) -> None:
        if n:
            self.result.counts[key] = self.result.counts.get(key, 0) + n

    def table(self, name: str) -> dict[str, Any]:
        return self.tables.get(name) or {"added": [], "modified": [], "deleted": []}

    def run(self) -> MergeResult:
        self._drop_withdrawn()
        self._codes_added()
        for table in ("codes", "themes"):
            for item in self.table(table)["modified"]:
                self._modified(table, item["row"], item["base"], item.get("base_row"))
        self._themes_added()
        self._codings()
        for table in ("suggestions", "theme_assignments", "theme_passages", "memos", "sector_assignments", "reviews",
                      "organisation_names"):
            self._generic(table)
        self._on_unknown()
        self._deleted("themes")
        self._codes_deleted()
        # a respondent's publication choice an analyst set (the later of theirs and the lead's holds)
        self.count("publication_choices", sum(consent.adopt_choice(self.project, c) for c in self.changes.publication
                                              if not self.withdrawn(c.get("respondent_id") or "")))
        self._others_at_work()
        self.count("audit_rows_imported", store.import_audit(self.project, self.changes.copy_id, self.changes.audit))
        store.record_merge(self.project, self.changes.copy_id, self.changes.analyst, self.changes.source_file,
                           self.changes.sha256, self.result.counts)
        self.project.audit("team_merge", "team", self.changes.copy_id, analyst=self.changes.analyst,
                           source=self.result.source, **self.result.counts)
        return self.result

    def _on_reassigned(self, fresh: list[Row]) -> None:
        """Say when the analyst coded answers taken from them since (team reassign, split --add): merged as
        theirs, beside the coding of the analyst the answers went to."""
        gone = store.reassigned_from(self.project, self.changes.analyst)
        if not gone:
            return
        gone -= set(store.assigned_answers(self.project, self.changes.analyst))
        late = {r["response_id"] for r in fresh if r["response_id"] in gone}
        if late:
            who = self.changes.analyst
            self.result.notes.append(f"{who} coded {len(late):,} answer(s) given to another analyst since (team "
                                     f"reassign): merged as {who}'s coding, beside theirs; remove them with code --remove "
                                     f"if they should not count twice ({'; '.join(store.answer_labels(self.project, sorted(late))[:5])})")

    def _on_unknown(self) -> None:
        """Say when codings or places in themes are on answers this project does not have: a letter answer made in
        the copy (its passages mapped to another question there, which a merge does not carry) or gone from here
        since."""
        rows, places = self.unknown
        if not rows and not places:
            return
        names = {r[0]: r[1] for r in self.project.query("SELECT id, name FROM codes")}
        by_code: dict[str, int] = {}
        for row in rows:
            name = names.get(row["code_id"]) or str((self.changes.referenced_codes.get(row["code_id"]) or {}).get(
                "name") or row["code_id"])
            by_code[name] = by_code.get(name, 0) + 1
        who = self.changes.analyst
        what = [f"{len(rows):,} of {who}'s codings (" + ", ".join(f"{name} {n:,}" for name, n in sorted(by_code.items()))
                + ")"] if rows else []
        what += [f"{places:,} of {who}'s places of answers in themes"] if places else []
        self.result.notes.append(
            " and ".join(what) + " are on answers this project does not have: not merged. They are on letter "
            f"answers that a mapping of letters' passages to other questions made in {who}'s copy (a merge does not carry "
            "it) or took away here since the copy was made: map the passages here as there (letters --move) and code "
            "those answers again" + (" (and place them in their themes)" if places else ""))

    def _others_at_work(self) -> None:
        """Say who, other than the copy's analyst, worked in it as them since the last merge (they chose
        to, and its journal names them): what they did arrives as the analyst's work."""
        done = int(self.project.get_meta(f"team_audit_seq:{self.changes.copy_id}", "0") or 0)
        fresh = [r for r in self.changes.audit if int(r["seq"]) > done]
        who = self.changes.analyst
        for name, n in sorted(owner.sessions(fresh).items()):
            self.result.notes.append(f"{name} worked in {who}'s copy as {who} ({n} session{'s' if n != 1 else ''}): "
                                     f"what they did there arrives as {who}'s work (the audit log names them)")

    # ---------------------------------------------------------------- withdrawn respondents
    def withdrawn(self, row_id: str) -> str:
        """Why ``row_id`` (a respondent, answer or document) was withdrawn here, after the copy was made ("":
        it was not)."""
        return self.gone.get(withdrawals.row_hash_with(self.salt, row_id), "") if self.gone else ""

    def _drop_withdrawn(self) -> None:
        """Leave out the copy's rows on respondents withdrawn here since the copy was made (their codings,
        places in themes, sector labels, memos, names, rejected suggestions): counted, never merged, never a conflict."""
        self.salt, self.gone = withdrawals.withdrawn_rows(self.project)
        if not self.gone:
            return
        refs = {"codings": "response_id", "suggestions": "response_id", "theme_assignments": "response_id",
                "theme_passages": "response_id", "sector_assignments": "respondent_id", "memos": "target_id",
                "organisation_names": "respondent_id"}
        tables = dict(self.tables)
        reasons: set[str] = set()
        for table, column in refs.items():
            spec = tables.get(table)
            if not spec:
                continue
            kept: dict[str, list[Any]] = {"added": [], "modified": []}
            for kind in kept:
                for item in spec[kind]:
                    why = self.withdrawn(str((item["row"] if kind == "modified" else item).get(column) or ""))
                    if why:
                        reasons.add(why)
                    else:
                        kept[kind].append(item)
            tables[table] = {**spec, **kept}
        dropped = sum(len(self.table(t)["added"]) + len(self.table(t)["modified"]) for t in refs) \
            - sum(len(tables[t]["added"]) + len(tables[t]["modified"]) for t in refs if t in tables)
        if dropped:
            self.tables = tables
            self.count("skipped_withdrawn", dropped)
            self.result.notes.append(
                f"{dropped} of {self.changes.analyst}'s changes (codings, places in themes, sectors, memos) are on "
                "respondents withdrawn since the copy was made: not merged"
                + ("; the copy still holds a respondent who asked for their data to be erased: delete it (and any "
                   "change file made from it) once merged" if "request" in reasons else ""))

    # ------------------------------------------------------------------------- conflicts
    def conflict(self, kind: str, table: str, key: str, incoming: Row | None, summary: str, **extra: Any) -> None:
        stamp = team_rows.digest(incoming) if incoming is not None else "deleted:" + extra.get("base", "")
        if store.conflict_known(self.project, self.changes.copy_id, table, key, stamp):
            self.count("skipped_known_conflicts")
            return
        lead = team_rows.get_row(self.project, table, key)
        payload = {"incoming": incoming, "lead": lead, **extra}
        store.add_conflict(self.project, store.Conflict(
            id=new_id(), merge_id=self.merge_id, copy_id=self.changes.copy_id, analyst=self.changes.analyst,
            kind=kind, tbl=table, key=key, incoming_digest=stamp, summary=summary, payload=payload))
        self.result.conflicts += 1
        self.count("conflicts")

    # ------------------------------------------------------------------------- generic rows
    def _modified(self, table: str, row: Row, base: str, base_row: Row | None = None) -> None:
        """Three-way: apply the analyst's change where this project did not change the same thing.
        With the base row (small tables) the comparison is field by field, so an analyst's rename and
        the lead's recolouring of one code both stand; otherwise it is by whole row."""
        key = team_rows.row_key(table, row)
        lead = team_rows.get_row(self.project, table, key)
        who = self.changes.analyst
        if lead is None:
            self.conflict("edited_deleted", table, key, row,
                          f"{who} edited {_describe(table, row)}, which was deleted here")
            return
        now = team_rows.digest(lead)
        if team_rows.same(table, lead, row):
            self.count("skipped_same")
            return
        if base_row is not None:
            soft = team_rows.SOFT_FIELDS
            mine = {f for f in row if f not in soft and row[f] != base_row.get(f)}
            theirs = {f for f in lead if f not in soft and lead[f] != base_row.get(f)}
            clash = {f for f in mine & theirs if row[f] != lead[f]}
            if not mine - theirs and not clash:
                self.count("skipped_same")  # nothing of the analyst's that is not here already
                return
        else:
            mine = set(row)
            clash = set() if now == base else set(row)
        if table == "codes" and base_row is not None and "name" in mine - clash and row["name"] != lead["name"]:
            mine = self._renamed_code(key, lead, row, base_row, mine)
            if not mine - theirs and not clash:
                return
        if table == "themes" and lead.get("status") == "signed_off" and (mine - {"status"}):
            self.conflict("signed_off_edited", table, key, row,
                          f"theme \"{lead['label']}\" was signed off by {lead.get('signed_off_by') or 'the lead'}"
                          f" and edited by {who} (as \"{row['label']}\")")
        elif not clash:
            merged = dict(lead)
            merged.update({f: row[f] for f in mine})
            if "updated_at" in merged:
                merged["updated_at"] = max(str(lead["updated_at"]), str(row["updated_at"]))
            team_rows.update_row(self.project, table, merged)
            self.count(f"{table}_updated")
        elif table == "codes" and "name" in clash:
            self.conflict("renamed_twice", table, key, row,
                          f"code renamed two ways: \"{lead['name']}\" in this project (by you or an earlier merge), "
                          f"\"{row['name']}\" by {who}")
        else:
            self.conflict("edited_twice", table, key, row,
                          f"{_describe(table, row)} was changed in this project (by you or an earlier merge) and by {who}"
                          + (f" ({', '.join(sorted(clash))})" if base_row is not None else ""))

    def _renamed_code(self, key: str, lead: Row, row: Row, base_row: Row, mine: set[str]) -> set[str]:
        """An analyst renamed a code only they changed the name of. Their own code (one they created)
        takes the new name; a code of the shared codebook keeps its name here until the lead decides
        (a conflict), since the rename would rename every other coder's codings with it. Either way
        the merge names the code, its old and new names and who renamed it. Returns the fields still
        to apply."""
        who, old, new = self.changes.analyst, str(base_row.get("name")), str(row["name"])
        if (lead.get("created_by") or "").strip().casefold() == who.strip().casefold():
            self.count("codes_renamed")
            self.result.notes.append(f"{who} renamed their code \"{old}\" to \"{new}\"")
            return mine
        used = ", ".join(f"{coder or 'unnamed'} {n:,}" for coder, n in store.code_in_use(self.project, key))
        before = self.result.conflicts
        # (the codings counted here are those of the merge's moment, in the order the copies came: a record; the
        # conflict is shown with the codings counted when it is shown, the same whichever copy came first: conflicts.describe)
        self.conflict("renamed", "codes", key, row,
                      f"{who} renamed code \"{old}\" to \"{new}\""
                      + (f" (codings here: {used})" if used else "")
                      + f"; it stays \"{lead['name']}\" until you decide")
        if self.result.conflicts > before:  # (merging the same copy again: decided or listed already)
            self.result.notes.append(f"{who} renamed code \"{old}\" to \"{new}\": not applied; it is a conflict for "
                                     "you to resolve (team conflicts, team resolve: lead keeps the name, analyst "
                                     "takes the new one)")
        return mine - {"name"}

    def _deleted(self, table: str) -> None:
        for item in self.table(table)["deleted"]:
            key = item["key"]
            lead = team_rows.get_row(self.project, table, key)
            if lead is None:
                self.count("skipped_same")
            elif _changed_here(lead, item):
                self.conflict("deleted_edited", table, key, None,
                              f"{self.changes.analyst} deleted {_describe(table, lead)}, which was changed here",
                              base=item["base"])
            else:
                team_rows.delete_row(self.project, table, key)
                self.count(f"{table}_deleted")

    def _here(self, table: str, rows: list[Row]) -> list[Row]:
        """Those of the rows added in the copy whose theme, respondent, answer and code are here (a suggestion's
        code as it is named here); the others counted."""
        if table in ("theme_assignments", "theme_passages"):
            themes_here = team_rows.existing_keys(self.project, "themes", sorted({r["theme_id"] for r in rows}))
            self.count("skipped_theme_deleted_here", sum(r["theme_id"] not in themes_here for r in rows))
            rows = [r for r in rows if r["theme_id"] in themes_here]
            answers = store.existing_answers(self.project, {r["response_id"] for r in rows})
            if table == "theme_assignments":  # (a letter's passage in a theme goes with its place there)
                self.unknown = (self.unknown[0], sum(r["response_id"] not in answers for r in rows))
                self.count("skipped_unknown_answer", self.unknown[1])
            return [r for r in rows if r["response_id"] in answers]
        if table == "organisation_names":
            people = store.existing_respondents(self.project, {r["respondent_id"] for r in rows})
            self.count("skipped_unknown_respondent", sum(r["respondent_id"] not in people for r in rows))
            return [r for r in rows if r["respondent_id"] in people]
        if table == "suggestions":
            rows = [dict(r, code_id=self.code_map.get(r["code_id"], r["code_id"])) for r in rows]
            answers = store.existing_answers(self.project, {r["response_id"] for r in rows})
            codes = team_rows.existing_keys(self.project, "codes", sorted({r["code_id"] for r in rows}))
            kept = [r for r in rows if r["response_id"] in answers and r["code_id"] in codes]
            self.count("skipped_unknown_answer_or_code", len(rows) - len(kept))
            return kept
        return rows

    def _generic(self, table: str) -> None:
        spec = self.table(table)
        for row in self._here(table, spec["added"]):
            key = team_rows.row_key(table, row)
            lead = team_rows.get_row(self.project, table, key)
            if lead is None:
                # (a decision, such as a rejected suggestion, on a row decided otherwise here leaves it as it is)
                added = team_rows.insert_row(self.project, table, row)
                self.count(f"{table}_added" if added else "skipped_decided_here")
            elif team_rows.same(table, lead, row):
                self.count("skipped_same")
            else:
                self.conflict("added_twice", table, key, row,
                              f"{_describe(table, row)} was set here and, differently, by {self.changes.analyst}")
        for item in spec["modified"]:
            self._modified(table, item["row"], item["base"], item.get("base_row"))
        if table in team_rows.VIEWS:
            # an analyst sets, confirms or clears a name, never takes the decision away: a name gone from a copy went
            # with its respondent (the file changed by other means), which a merge does not carry
            self.count("skipped_removed_in_copy", len(spec["deleted"]))
        else:
            self._deleted(table)

    # -------------------------------------------------------------------------------- codes
    def _codes_added(self) -> None:
        added = {r["id"]: r for r in self.table("codes")["added"]}
        present = team_rows.existing_keys(self.project, "codes", list(added))
        done: set[str] = set()

        def place(code_id: str) -> None:
            if code_id in done:
                return
            done.add(code_id)
            row = dict(added[code_id])
            if row["parent_id"] in added:
                place(row["parent_id"])
            row["parent_id"] = self.code_map.get(row["parent_id"], row["parent_id"])
            if row["parent_id"] and row["parent_id"] not in added and \
                    team_rows.get_row(self.project, "codes", row["parent_id"]) is None:
                row["parent_id"] = None  # its parent was deleted here: it becomes a top-level code
            if code_id in present:
                self.count("skipped_same")
                return
            same = store.code_by_name(self.project, row["parent_id"], row["name"])
            if same is not None:
                self.code_map[code_id] = same
                self.count("codes_matched_by_name")
                return
            team_rows.insert_row(self.project, "codes", row)
            self.count("codes_added")

        for code_id in added:
            place(code_id)

    def _codes_deleted(self) -> None:
        for item in self.table("codes")["deleted"]:
            key = item["key"]
            lead = team_rows.get_row(self.project, "codes", key)
            if lead is None:
                self.count("skipped_same")
                continue
            used = store.code_in_use(self.project, key)
            if _changed_here(lead, item):
                self.conflict("deleted_edited", "codes", key, None,
                              f"{self.changes.analyst} deleted code \"{lead['name']}\", which was changed here",
                              base=item["base"])
            elif used or store.code_children(self.project, key):
                users = ", ".join(f"{who} ({n})" for who, n in used) or "its sub-codes"
                self.conflict("deleted_used", "codes", key, None,
                              f"{self.changes.analyst} deleted code \"{lead['name']}\", still used by {users}",
                              base=item["base"])
            else:
                team_rows.delete_row(self.project, "codes", key)
                self.count("codes_deleted")

    def _themes_added(self) -> None:
        added = self.table("themes")["added"]
        present = team_rows.existing_keys(self.project, "themes", [r["id"] for r in added])
        ids = {r["id"] for r in added}
        for row in sorted(added, key=lambda r: r["parent_id"] is not None):
            if row["id"] in present:
                self.count("skipped_same")
            else:
                if row["parent_id"] and row["parent_id"] not in ids and \
                        team_rows.get_row(self.project, "themes", row["parent_id"]) is None:
                    row = dict(row, parent_id=None)
                team_rows.insert_row(self.project, "themes", row)
                self.count("themes_added")

    # ------------------------------------------------------------------------------ codings
    def _codings(self) -> None:
        spec = self.table("codings")
        analyst = self.changes.analyst
        # a copy adds its own analyst's codings (and the model's they accepted), never another coder's
        others = [r for r in spec["added"] if not _codes_for(r.get("coder") or "", analyst)]
        if others:
            self.count("skipped_other_coder", len(others))
            names = sorted({r.get("coder") or "?" for r in others})
            self.result.notes.append(f"{len(others)} codings in {analyst}'s copy name another coder "
                                     f"({', '.join(names[:5])}): not merged; a copy adds only its analyst's codings")
        mine = [r for r in spec["added"] if _codes_for(r.get("coder") or "", analyst)]
        before = store.merged_codings(self.project, self.changes.copy_id)  # this copy's codings merged before
        now_ids = {r["id"] for r in mine}
        # what the analyst removed since the last merge: gone from the copy, so gone here too
        removed = sorted(before - now_ids)
        if removed:
            self.count("codings_deleted", store.delete_codings(self.project, removed))
        # one merged before and since removed or set aside here stays so: the lead's decision stands
        again = before & now_ids
        rows = [dict(r, code_id=self.code_map.get(r["code_id"], r["code_id"])) for r in mine if r["id"] not in again]
        self.count("skipped_same", len(again))
        aside = store.set_aside_ids(self.project, [r["id"] for r in rows])
        if aside:
            self.count("skipped_set_aside", len(aside))
            rows = [r for r in rows if r["id"] not in aside]
        store.set_merged_codings(self.project, self.changes.copy_id, now_ids)
        present = team_rows.existing_keys(self.project, "codings", [r["id"] for r in rows])
        natural = store.coding_natural_keys(self.project, {r["response_id"] for r in rows})
        codes = team_rows.existing_keys(self.project, "codes", sorted({r["code_id"] for r in rows}))
        answers = store.existing_answers(self.project, {r["response_id"] for r in rows})
        fresh: list[Row] = []
        unknown: list[Row] = []
        orphaned: dict[str, list[Row]] = {}
        for row in rows:
            nat = (row["code_id"], row["response_id"], row["start"], row["end"], row["coder"])
            if row["id"] in present or nat in natural:
                self.count("skipped_same")
            elif row["response_id"] not in answers:
                self.count("skipped_unknown_answer")
                unknown.append(row)
            elif row["code_id"] not in codes:
                orphaned.setdefault(row["code_id"], []).append(row)
            else:
                natural.add(nat)
                fresh.append(row)
        team_rows.insert_rows(self.project, "codings", fresh)
        self.count("codings_added", len(fresh))
        self._on_reassigned(fresh)
        self.unknown = (unknown, self.unknown[1])
        for code_id, items in orphaned.items():
            code = self.changes.referenced_codes.get(code_id) or {"id": code_id, "name": code_id}
            self.conflict("used_deleted", "codes", code_id, code,
                          f"{self.changes.analyst} coded {len(items)} answer(s) with \"{code.get('name')}\","
                          " a code deleted here", codings=items)
        for item in spec["modified"]:
            self._modified("codings", item["row"], item["base"])
        self._deleted("codings")


def _codes_for(coder: str, analyst: str) -> bool:
    """Whether a coding's coder is the analyst's own: the analyst, or the model's suggestion the
    analyst accepted ("model, accepted by Bob")."""
    # (accepted with others above a threshold, "model, accepted by Bob (in bulk, at 60% or more)", is Bob's too: a
    # team trial's merge left 227 such codings out as another coder's)
    return coder.strip().lower() == analyst.strip().lower() or accepter(coder).lower() == analyst.strip().lower()


def _changed_here(lead: Row, item: dict[str, Any]) -> bool:
    """Whether this project changed a row (other than its order) since the copy was made."""
    base_row = item.get("base_row")
    if base_row is None:
        return team_rows.digest(lead) != item["base"]
    return any(lead[f] != base_row.get(f) for f in lead if f not in team_rows.SOFT_FIELDS)


def _describe(table: str, row: Row) -> str:
    if table == "codes":
        return f"code \"{row.get('name')}\""
    if table == "themes":
        return f"theme \"{row.get('label')}\""
    if table == "memos":
        return f"a memo on {row.get('target_kind')}"
    if table == "sector_assignments":
        return f"the sector of a respondent ({row.get('sector_key')})"
    if table == "codings":
        return "a coding"
    if table == "theme_assignments":
        return "an answer's place in a theme"
    if table == "theme_passages":
        return "the passage of a letter quoted in a theme"
    if table == "suggestions":
        return "a suggestion of the model rejected"
    if table == "organisation_names":
        return f"the organisation name of respondent {row.get('external_id')} (\"{row.get('organisation')}\")"
    return f"a {table} row"
