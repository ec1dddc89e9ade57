"""``themes``: discover themes per open question, list them, and a few team-lead actions."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from consult_analyser.cli.common import CommandError, one_line, open_project, progress_bar, question_named
from consult_analyser.domain import percent
from consult_analyser.export.campaign_members import MemberName, member_names
from consult_analyser.export.summaries import small_counts_threshold
from consult_analyser.export.theme_split import SplitError, theme_split
from consult_analyser.store import campaigns as store_campaigns
from consult_analyser.store import letter_names, theme_report, theme_runs
from consult_analyser.store import themes as store_themes
from consult_analyser.store.project import Project
from consult_analyser.store.questions import find_question, list_questions


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("themes", help="discover themes in each open question (or list them, sign off, rename,"
                                             " merge)")
    p.add_argument("project")
    p.add_argument("--question", metavar="Q", help="only this question (its key such as Q5, its text, or id)")
    p.add_argument("--embedder", metavar="NAME", help="embedding model (default: the measured default; very large"
                                                      " consultations use the fast one)")
    p.add_argument("--expected", metavar="LABEL", action="append",
                   help="a theme you expect (repeat); guides the model instead of the codebook and kept themes")
    p.add_argument("--list", action="store_true", help="only list the stored themes, do not run the model")
    p.add_argument("--campaigns", action="store_true",
                   help="only list each question's campaigns (copies of one standard wording): the wording's opening, "
                        "how many sent it, how alike their copies are, and who sent them; changes nothing")
    p.add_argument("--by", metavar="WHAT", help="with --list: each theme's share among those who gave each answer to "
                                             "a closed question (its key, such as Q3) or share a detail (region, "
                                             "channel, sector, declared type, or a column kept at import, such as "
                                             "Site or Ward)")
    p.add_argument("--sign-off", metavar="THEME_ID", action="append", help="sign off a theme (id or id prefix)")
    p.add_argument("--unsign", metavar="THEME_ID", action="append", help="withdraw a theme's sign-off")
    p.add_argument("--accept-proposed", metavar="THEME_ID", action="append",
                   help="add the answers a model re-run proposed for a signed-off theme")
    p.add_argument("--reject-proposed", metavar="THEME_ID", action="append",
                   help="keep out the answers a model re-run proposed for a signed-off theme")
    p.add_argument("--rename", nargs=2, metavar=("THEME_ID", "LABEL"), help="rename a theme")
    p.add_argument("--merge", nargs=2, metavar=("SOURCE_ID", "TARGET_ID"), help="merge one theme into another")
    p.add_argument("--split", nargs=2, metavar=("THEME_ID", "LABEL"),
                   help="split the answers given with --answers off a theme into a new theme named LABEL")
    p.add_argument("--move", nargs=2, metavar=("THEME_ID", "TARGET_ID"),
                   help="move the answers given with --answers from one theme to another (TARGET 'none': take "
                        "them out of the theme; THEME 'none': add them to TARGET, keeping their other themes)")
    p.add_argument("--show-proposed", metavar="THEME_ID",
                   help="list the answers a model re-run proposed for a signed-off theme (respondent id and words), "
                        "to accept or reject some with --answers")
    p.add_argument("--members", metavar="THEME_ID",
                   help="list every answer in a theme (respondent id, sector, by letter or form, confidence and the "
                        "answer's start), as the Themes view's Answers tab shows them, to trace a published count to "
                        "its answers; changes nothing")
    p.add_argument("--unnest", metavar="THEME_ID", action="append",
                   help="show a sub-theme on its own, no longer under its parent theme")
    p.add_argument("--answers", nargs="+", metavar="RESPONDENT",
                   help="with --split or --move: the answers, by their respondents' ids in the imported file "
                        "(the theme's question's answer of each)")
    p.add_argument("--check", action="store_true",
                   help="measure how well the stored themes agree with the codes people gave the answers (AMI), "
                        "beside a plain k-means baseline; changes nothing, then stops")
    p.set_defaults(func=cmd_themes)


def _find_theme_id(project: Project, text: str) -> str:
    theme = store_themes.find_theme(project, text)
    if theme is None:
        raise CommandError(f"no theme {text!r} (use the id, or the first characters printed by `themes --list`)")
    return theme.id


def _statuses(project: Project, theme_ids: list[str]) -> dict[str, str]:
    return {i: t.status.value for i in theme_ids if (t := store_themes.get_theme(project, i)) is not None}


def _say_signed(project: Project, theme_ids: list[str], was: dict[str, str], *, signed: bool) -> None:
    """Each theme a sign-off (or its withdrawal) named: its label, id and count, and whether it was
    so already ("Sign off themes: done" and the question's whole list said nothing of which)."""
    counts: dict[str, store_themes.ThemeSummary] = {}
    for question_id in dict.fromkeys(t.question_id for i in theme_ids
                                     if (t := store_themes.get_theme(project, i)) is not None):
        counts.update({r.theme.id: r for r in store_themes.list_themes(project, question_id)})
    verb = "signed off" if signed else "sign-off withdrawn"
    for theme_id in dict.fromkeys(theme_ids):
        row = counts.get(theme_id)
        if row is None:
            continue
        already = (was.get(theme_id) == "signed_off") == signed
        note = (" (already signed off)" if signed else " (was not signed off)") if already else ""
        print(f"  {verb}: {row.theme.label}  [{theme_id[:8]}, {row.answers:,} answer(s)]{note}")


def _say_left_out(project: Project, theme_ids: list[str]) -> None:
    """What the app's sign-off dialog warns of, after the sign-off: the annex and report now show only the
    question's signed-off themes (a trial signed off 2 of 38 themes and its annex showed those 2 alone)."""
    for question_id in dict.fromkeys(t.question_id for i in theme_ids
                                     if (t := store_themes.get_theme(project, i)) is not None):
        left = store_themes.not_signed_off(project, question_id)
        if left:
            q = find_question(project, question_id)
            print(f"note{f' ({q.key})' if q else ''}: {store_themes.SIGNED_ONLY_NOTE} "
                  f"{store_themes.left_out_note(len(left))}")


def _answers_in(project: Project, theme_id: str, externals: list[str]) -> list[str]:
    """The answer ids, in a theme, of the respondents named by their ids as imported."""
    externals = [letter_names.imported_id(project, e) for e in externals]  # or a letter's file name
    theme = store_themes.get_theme(project, theme_id)
    assert theme is not None
    inside = {r[0]: r[1] for r in project.query(
        "SELECT p.external_id, r.id FROM theme_assignments a JOIN responses r ON r.id = a.response_id"
        " JOIN respondents p ON p.id = r.respondent_id WHERE a.theme_id = ?", (theme_id,))}
    missing = [e for e in externals if e not in inside]
    unknown = [e for e in missing if project.scalar("SELECT 1 FROM respondents WHERE external_id = ?", (e,)) is None]
    if unknown:  # (a re-test's mistyped id was reported as "not in the theme")
        raise CommandError("no respondent " + ", ".join(repr(e) for e in unknown[:10]) + " in this project (ids as in "
                           "the imported file)")
    if missing:
        raise CommandError(f"not in the theme {theme.label!r}: " + ", ".join(missing[:10])
                           + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
                           + " (`themes --list` shows the themes; `export --what themes` their answers)")
    return [inside[e] for e in dict.fromkeys(externals)]


def _proposed(project: Project, theme_id: str, externals: list[str]) -> list[str]:
    """The answers proposed for a theme, of the respondents named by their ids as imported."""
    externals = [letter_names.imported_id(project, e) for e in externals]  # or a letter's file name
    from consult_analyser.store import theme_runs

    found = {a.external_id: a.response_id for a in theme_runs.proposals(project, theme_id)}
    missing = [e for e in externals if e not in found]
    if missing:
        raise CommandError("not proposed for the theme: " + ", ".join(missing[:10])
                           + " (`themes --show-proposed THEME` lists them)")
    return [found[e] for e in dict.fromkeys(externals)]


def _answers_for(project: Project, theme_id: str, externals: list[str]) -> list[str]:
    """The written answers, to a theme's question, of the respondents named by their ids as imported."""
    externals = [letter_names.imported_id(project, e) for e in externals]  # or a letter's file name
    theme = store_themes.get_theme(project, theme_id)
    assert theme is not None
    found = {r[0]: r[1] for r in project.query(
        "SELECT p.external_id, r.id FROM responses r JOIN respondents p ON p.id = r.respondent_id"
        " WHERE r.question_id = ? AND TRIM(r.text) != ''", (theme.question_id,))}
    missing = [e for e in externals if e not in found]
    if missing:
        raise CommandError("no written answer to the theme's question from " + ", ".join(missing[:10])
                           + (f" and {len(missing) - 10} more" if len(missing) > 10 else ""))
    return [found[e] for e in dict.fromkeys(externals)]


def _actions(project: Project, args: argparse.Namespace) -> list[str] | None:
    """Apply the lead's edits the arguments ask for: None when they ask none, else the themes they named."""
    from consult_analyser.actions import themes as theme_ops

    named: list[str] = []

    def _theme_id(project: Project, text: str) -> str:  # (the module's, recording the themes named)
        named.append(_find_theme_id(project, text))
        return named[-1]

    ops: list[theme_ops.ThemeOperation] = []
    if args.rename:
        ops.append(theme_ops.RenameTheme(_theme_id(project, args.rename[0]), args.rename[1]))
    if args.merge:
        ops.append(theme_ops.MergeThemes([_theme_id(project, args.merge[0])], _theme_id(project, args.merge[1])))
    if args.sign_off:
        ops.append(theme_ops.SignOffThemes([_theme_id(project, t) for t in args.sign_off]))
    if args.unsign:
        ops.append(theme_ops.UnsignThemes([_theme_id(project, t) for t in args.unsign]))
    for theme, accept in [(t, True) for t in args.accept_proposed or []] + [(t, False) for t in args.reject_proposed or []]:
        theme_id = _theme_id(project, theme)  # some of the proposals (--answers), or all of them
        ops.append(theme_ops.DecideProposals(theme_id, _proposed(project, theme_id, args.answers) if args.answers
                                             else None, accept=accept))
    if (args.split or args.move) and not args.answers:
        raise CommandError("--split and --move need --answers RESPONDENT ... (ids as in the imported file)")
    if args.answers and not (args.split or args.move or args.accept_proposed or args.reject_proposed):
        raise CommandError("--answers goes with --split, --move, --accept-proposed or --reject-proposed")
    if args.unnest:
        ops.append(theme_ops.SetThemeParent([_theme_id(project, t) for t in args.unnest], None))
    if args.split:
        theme_id = _theme_id(project, args.split[0])
        ops.append(theme_ops.SplitTheme.by_answers(theme_id, _answers_in(project, theme_id, args.answers),
                                                   args.split[1]))
    if args.move:
        source, target = (None if t.casefold() == "none" else _theme_id(project, t) for t in args.move)
        if source is None and target is None:
            raise CommandError("--move needs a theme to take the answers from or to put them in")
        if source is None:  # "--move none THEME": the answers join it and keep their other themes
            assert target is not None
            ops.append(theme_ops.MoveAnswers(_answers_for(project, target, args.answers), None, target))
        else:
            ops.append(theme_ops.MoveAnswers(_answers_in(project, source, args.answers), source, target))
    signed = {t.id: t.label for t in (store_themes.find_theme(project, i) for i in named)
              if t is not None and t.status.value == "signed_off"}
    for op in ops:
        was = _statuses(project, op.theme_ids) if isinstance(op, theme_ops.SignOffThemes) else {}
        try:
            op.apply(project)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        print(f"{op.label} by {project.actor}: done")
        if isinstance(op, theme_ops.SignOffThemes):  # the README: `--sign-off` "lists what it signed"
            _say_signed(project, op.theme_ids, was, signed=op.signed)
            if op.signed:
                _say_left_out(project, op.theme_ids)
    unsigned = {_find_theme_id(project, t) for t in args.unsign or []}  # withdrawn on purpose
    lost = [label for i, label in signed.items()
            if (t := store_themes.get_theme(project, i)) is not None and t.status.value != "signed_off"
            and i not in unsigned]
    if lost:  # a re-test's edit dropped a signed-off theme from the annex and report without a word
        print("note: " + ", ".join(repr(x) for x in lost) + (" was" if len(lost) == 1 else " were")
              + " signed off: this edit withdrew the sign-off, and the annex and report show only signed-off themes "
                "where a question has any; sign off again when it reads right (--sign-off)")
    return named if ops else None


def print_question(project: Project, question_id: str, by: str | None = None) -> None:
    q = find_question(project, question_id)
    assert q is not None
    cover = store_themes.coverage(project, q.id)
    in_campaigns, _ = store_campaigns.campaign_share(project, q.id)
    n_campaigns = len(store_campaigns.list_campaigns(project, q.id))
    extra = f"; {n_campaigns} campaign(s), {in_campaigns:,} answers" if n_campaigns else ""
    print(f"{q.key}. {one_line(q.wording, 150)}")
    print(f"  {cover.answered:,} answers; {cover.unassigned:,} unassigned ({cover.unassigned_share:.0%}){extra}")
    if late := store_themes.added_since_note(store_themes.added_since_themes(project, q.id)):
        print(f"  note: {late}")
    if stopped := store_themes.unfinished_note(project, q.key):
        print(f"  note: {stopped}")
    rows = store_themes.list_themes(project, q.id)
    if not rows:
        print("  no themes yet")
    ids = {r.theme.id for r in rows}
    proposed = theme_runs.proposal_counts(project, q.id)
    children: dict[str | None, list[store_themes.ThemeSummary]] = {}
    for row in rows:  # largest first; sub-themes (merge candidates) under their parent
        parent = row.theme.parent_id if row.theme.parent_id in ids else None
        children.setdefault(parent, []).append(row)

    # a large campaign makes every other theme's share small ("Override local plans 316 0%"): beside it,
    # the share among those who answered outside campaigns
    outside = cover.answered - in_campaigns if in_campaigns >= 0.25 * cover.answered else 0
    if outside > 0:
        print(f"  campaigns sent {in_campaigns / max(cover.answered, 1):.0%} of the answers: {{n%}} outside campaigns is "
              f"a theme's share among the other {outside:,} who answered")
    split = theme_report.agreement_split(project, q.id) if rows else None
    given = [side for side in theme_report.STANCES if split is not None and split.answered.get(side)]
    # a group under the small-numbers threshold has no shares, as in the annex and the report (trial 48: "neutral
    # 100%" of one respondent beside one theme, "neutral 0%" beside the others, said who raised what)
    few = small_counts_threshold(project)
    sides = [side for side in given if split is not None and split.answered[side] >= few]
    if split is not None:
        print("  who said what: each theme's share among those who " + ", ".join(
            f"{theme_report.stance_phrase(side, split.scale)} ({split.answered[side]:,}"
            + ("" if side in sides else ": too few to show shares") + ")" for side in given))

    try:
        split_by = theme_split(project, q.id, by) if by and rows else None
    except SplitError as exc:
        raise CommandError(str(exc)) from None
    if split_by is not None:
        print(f"  by {split_by.by[:80]}: each theme's share in each group of those who answered here: "
              + ", ".join(f"{v} ({split_by.answered[v]:,})" for v in split_by.values))

    def show(parent: str | None, depth: int) -> None:
        for row in children.get(parent, []):
            t = row.theme
            extra = f"  (+{proposed[t.id]:,} proposed by the model, not added)" if proposed.get(t.id) else ""
            if outside > 0 and row.answers > row.campaign_answers:
                extra = f"  {{{percent((row.answers - row.campaign_answers) / outside)} outside campaigns}}" + extra
            if split is not None and sides:
                extra = "  [" + " · ".join(f"{split.label(side).lower()} {percent(split.share(t.id, side))}"
                                          for side in sides) + "]" + extra
            if split_by is not None:
                extra = "  [" + " · ".join(f"{v} {percent(split_by.share(t.id, v))}" for v in split_by.values) \
                    + "]" + extra
            print(f"  {t.id[:8]}  {store_themes.STATUS_WORDS.get(t.status.value, t.status.value):10} {row.answers:>7,} {percent(row.share):>5}  {'  ' * depth}{t.label}{extra}")
            show(t.id, depth + 1)

    show(None, 0)


def _check_themes(args: argparse.Namespace) -> int:
    from consult_analyser.pipeline.themes.check import check_question_themes, describe_theme_check

    project = open_project(args.project)
    try:
        questions = [question_named(project, args.question)] if args.question else \
            list_questions(project, open_only=True)
        for q in questions:
            print("\n".join(describe_theme_check(q.key, check_question_themes(project, q.id).summary())))
    finally:
        project.close()
    return 0


def cmd_themes(args: argparse.Namespace) -> int:
    if args.campaigns:
        return _show_campaigns(args)
    if args.check:
        return _check_themes(args)
    if args.show_proposed:
        return _show_proposed(args)
    if args.members:
        return _show_members(args)
    project = open_project(args.project, readonly=bool(args.list))
    try:
        if args.question:
            questions = [question_named(project, args.question)]
        else:
            questions = list_questions(project, open_only=True)
        named = None if args.list else _actions(project, args)
        acted = named is not None
        if named and not args.question:  # the questions whose themes were edited, not every question's list
            touched = {t.question_id for t in (store_themes.find_theme(project, i) for i in named) if t is not None}
            questions = [q for q in questions if q.id in touched] or questions
        if not args.list and not acted:
            from consult_analyser.pipeline.themes.discover import discover_project_themes

            with progress_bar("themes", not args.quiet) as bar:
                try:
                    summary = discover_project_themes(project, bar, question=args.question, embedder=args.embedder,
                                                      expected_themes=args.expected)
                except KeyError as exc:  # unknown embedder name
                    raise CommandError(str(exc.args[0])) from None
            print(summary)
            if args.expected:
                _say_empty_expected(project, questions, args.expected)
        if args.by and not args.list:
            raise CommandError("--by goes with --list (it splits the stored themes)")
        for q in questions:
            print_question(project, q.id, args.by)
    finally:
        project.close()
    return 0


def _say_empty_expected(project, questions, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    """An expected theme that drew no answer is listed with 0 and said so: a label that fits every
    answer of the question alike ("More frequent buses" on a question about hourly buses) marks none
    out; a code's description says what sets it apart."""
    from consult_analyser.store import themes as store_themes

    wanted = {" ".join(label.split()).casefold() for label in expected}
    for q in questions:
        empty = [t.theme.label for t in store_themes.list_themes(project, q.id)
                 if t.answers == 0 and t.theme.label.casefold() in wanted]
        if empty:
            print(f"note: {q.key}: no answer stood out for {', '.join(repr(label) for label in empty)}: its words "
                  "may fit every answer of the question alike; say what sets it apart in a code's description in the "
                  "codebook (the question's codes guide its themes when no --expected is given), and run again")


def _show_proposed(args: argparse.Namespace) -> int:
    from consult_analyser.store import theme_runs

    project = open_project(args.project, readonly=True)
    try:
        theme_id = _find_theme_id(project, args.show_proposed)
        theme = store_themes.get_theme(project, theme_id)
        assert theme is not None
        proposed = theme_runs.proposals(project, theme_id)
        print(f"{len(proposed):,} answer(s) proposed for {theme.label!r}"
              + (" (accept or reject some: --accept-proposed/--reject-proposed THEME --answers RESPONDENT ...)"
                 if proposed else ""))
        for a in proposed:
            print(f"  {a.external_id:20} {one_line(a.text, 110)}")
    finally:
        project.close()
    return 0


def _show_members(args: argparse.Namespace) -> int:
    """Every answer of a theme, as the Themes view's Answers tab lists them (store.themes.theme_answers)."""
    from consult_analyser.store import reporting

    project = open_project(args.project, readonly=True)
    try:
        theme_id = _find_theme_id(project, args.members)
        theme = store_themes.get_theme(project, theme_id)
        assert theme is not None
        answers = store_themes.theme_answers(project, theme_id)
        labels = reporting.sector_labels(project)
        respondents = len({a.respondent_id for a in answers})
        letters = sum(a.by_letter for a in answers)
        print(f"{theme.label!r}: {len(answers):,} answer(s) from {respondents:,} respondent(s)"
              + (f", {letters:,} of them from letters" if letters else ""))
        for a in answers:
            sector = labels.get(a.sector, a.sector) if a.sector else "not classified"
            print(f"  {a.external_id:20} {one_line(sector, 28):28} {'letter' if a.by_letter else 'form':6} "
                  f"{a.confidence:4.2f}  {one_line(a.text, 80)}")
    finally:
        project.close()
    return 0


#: members listed per campaign by ``--campaigns`` (the CSV of campaigns lists them all)
MEMBER_LIMIT = 200


def print_campaigns(project: Project, question_id: str,
                    who: Callable[[store_campaigns.CampaignMember], MemberName] | None = None) -> int:
    """List a question's campaigns (:func:`store_campaigns.campaign_overview`), their members named by ``who``
    (:func:`~consult_analyser.export.campaign_members.member_names`, as the annex and the app name them); the
    number listed."""
    who = who or member_names(project)
    q = find_question(project, question_id)
    assert q is not None
    found = store_campaigns.campaign_overview(project, q.id)
    print(f"{q.key}. {one_line(q.wording, 150)}")
    if not found:
        never = not store_themes.theme_ids(project, q.id)  # campaigns are found when themes are discovered
        print("  no campaigns" + (" (campaigns are found when themes are discovered, and this question has no themes"
                                  " yet: `consult-analyser themes PROJECT`)" if never else ""))
        return 0
    inside, answered = store_campaigns.campaign_share(project, q.id)
    print(f"  {len(found)} campaign(s): {inside:,} of {answered:,} written answers ({percent(inside / max(answered, 1))})")
    hidden = 0  # members shown by a pseudonymous id
    for n, c in enumerate(found, 1):
        low, median = c.similarities
        print(f"\n  {n}. {c.info.members:,} member(s); similarity to the standard wording: lowest {low:.2f}, "
              f"median {median:.2f}; campaign id {c.info.id[:8]}")
        print(f"     wording: \"{c.wording}\"")
        if c.themes:
            print("     theme: " + "; ".join(c.themes))
        for m in c.members[:MEMBER_LIMIT]:
            shown = who(m)
            hidden += shown.respondent != m.external_id
            print(f"     {m.similarity:.2f}  {shown}" + ("  (the standard wording)" if m.canonical else ""))
        if len(c.members) > MEMBER_LIMIT:
            print(f"     ... and {len(c.members) - MEMBER_LIMIT:,} more (`consult-analyser export PROJECT campaigns.csv"
                  " --what campaigns` lists every member)")
    if hidden:
        print(f"\n  ('respondent #N': {'an id' if hidden == 1 else f'{hidden} ids'} holding personal data (an e-mail "
              "address, a name), shown as published files show it; `consult-analyser export PROJECT campaigns.csv "
              "--what campaigns --no-redact` gives ids as imported)")
    return len(found)


def _show_campaigns(args: argparse.Namespace) -> int:
    others = [f"--{name.replace('_', '-')}" for name in ("list", "by", "expected", "embedder", "sign_off", "unsign",
                                                         "accept_proposed", "reject_proposed", "rename", "merge",
                                                         "split", "move", "unnest", "answers", "check",
                                                         "show_proposed")
              if getattr(args, name, None)]
    if others:
        raise CommandError(f"--campaigns only lists the campaigns; run {', '.join(others)} on its own")
    project = open_project(args.project, readonly=True)
    try:
        who = member_names(project)  # (worked out once: it reads every respondent)
        if args.question:
            print_campaigns(project, question_named(project, args.question).id, who)
            return 0
        with_campaigns = {c.question_id for c in store_campaigns.list_campaigns(project)}
        questions = list_questions(project, open_only=True)
        if not with_campaigns:
            print("no campaigns in any question" + ("" if any(store_themes.theme_ids(project, q.id) for q in questions)
                                                    else " (campaigns are found when themes are discovered: "
                                                         "`consult-analyser themes PROJECT`)"))
            return 0
        shown = [q for q in list_questions(project) if q.id in with_campaigns]
        for i, q in enumerate(shown):
            if i:
                print()
            print_campaigns(project, q.id, who)
        if rest := [q.key for q in questions if q.id not in with_campaigns]:
            print(f"\nno campaigns in {len(rest)} other question(s): " + ", ".join(rest[:20])
                  + (f" and {len(rest) - 20} more" if len(rest) > 20 else ""))
    finally:
        project.close()
    return 0
