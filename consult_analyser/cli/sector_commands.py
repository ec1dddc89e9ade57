"""``sectors``: classify respondents by sector, show the review queue, record an analyst's label."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import TYPE_CHECKING

from consult_analyser.actions.sectors import SetSector
from consult_analyser.cli.common import CommandError, open_project, progress_bar
from consult_analyser.pipeline.sectors.moves import describe_moves, last_moves, moves_heading
from consult_analyser.store import browse, letter_names, responses
from consult_analyser.store import sectors as store_sectors

if TYPE_CHECKING:
    from consult_analyser.pipeline.sectors.run import SectorReview
    from consult_analyser.store.project import Project


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("sectors", help="classify every respondent by sector (declared, rules, model)")
    p.add_argument("project")
    p.add_argument("--taxonomy", choices=["auto", "default", "declared"], default="auto",
                   help="the UK default sectors, the consultation's own declared types, or pick automatically")
    p.add_argument("--set", nargs=2, action="append", metavar=("RESPONDENT", "SECTOR"),
                   help="record an analyst's sector for one respondent (by its id in the imported file), then retrain; "
                        "give it again for more (all are recorded, then one retrain)")
    p.add_argument("--review", type=int, metavar="N", default=0,
                   help="list the N respondents to review first (conflicts and unclassified, then the most uncertain), "
                        "as the last run left them: a listing, which changes nothing (a project never classified is "
                        "classified first, and the command says so)")
    p.add_argument("--moved", action="store_true",
                   help="list every respondent the last run or correction moved to another sector though no analyst "
                        "set them, with why (a rule and its words, the retrained model, the declared type); changes nothing")
    p.add_argument("--remember", nargs="?", const="", metavar="SEED_FILE",
                   help="save the organisation names and sectors analysts confirmed here into a local seed "
                        "(your own file by default, or a team file) that the next consultation starts from")
    p.add_argument("--sides", action="store_true",
                   help="list each sector as individual or organisation with the reason, and stop")
    p.add_argument("--side", nargs=2, metavar=("SECTOR", "SIDE"),
                   help="confirm a sector as 'individual', 'organisation' or 'either' (a type both chose, such as "
                        "'Farmer or grower': each respondent keeps the side they answered), then reclassify")
    p.add_argument("--merge", nargs=2, metavar=("SECTOR", "INTO"),
                   help="merge one sector into another (two files' words for one kind: 'County council' and "
                        "'Local authority'), its respondents and declared values with it, then reclassify")
    p.add_argument("--check", nargs="?", type=int, const=5, metavar="FOLDS",
                   help="measure how well sectors are placed here: hide the known sectors (declared or set by an "
                        "analyst) a fold at a time, place them again, and compare with a plain baseline; then stop")
    p.set_defaults(func=cmd_sectors)


def _moved_by_side(label: str, key: str, before: dict[str, str], review: SectorReview) -> str:
    """What confirming sector ``key``'s side did to where respondents are (``before``: id -> sector before it): how many
    moved from which sector to which, and why, where their own answer or organisation box decided."""
    session = review.session
    moved = [r for r in review.results if before and r.source != "analyst" and before.get(r.respondent_id, "") != r.sector]
    names = {s.key: s.label for s in review.taxonomy.sectors}
    moves = Counter((before.get(r.respondent_id, ""), r.sector) for r in moved)
    shown = [f"{n:,} from {names.get(old, 'unclassified')!r} to {names.get(new, 'unclassified')!r}"
             for (old, new), n in moves.most_common(5)]
    more = len(moved) - sum(n for _, n in moves.most_common(5))
    out = (f"confirming the side of {label!r} moved {len(moved):,} respondent(s): " + "; ".join(shown)
           + (f"; {more:,} more" if more else "")) if moved else \
        f"confirming the side of {label!r} moved no respondent to another sector"
    left = [session.features[session.index[r.respondent_id]] for r in moved if before.get(r.respondent_id) == key]
    boxed = sum(1 for f in left if (f.organisation or "").strip() and f.is_organisation is True)
    if boxed and review.taxonomy.is_organisation(key) is False:
        out += f"; {boxed:,} of those who left {label!r} name a body in their organisation box"
    said = sum(1 for f in left if f.is_organisation is False)
    if said and review.taxonomy.is_organisation(key) is True:
        out += f"; {said:,} of those who left {label!r} answered as individuals"
    if review.taxonomy.is_organisation(key) is False:  # those kept though they fill the box in (trial 43's officials)
        kept = [r for r in review.results if r.sector == key and r.source != "analyst"
                and (session.features[session.index[r.respondent_id]].organisation or "").strip()]
        if kept:
            out += (f" ({len(kept):,} in it fill the organisation box in, as its respondents do: they stay, the box "
                    "read as where they write from)")
    return out


def _print_listings(project: Project, args: argparse.Namespace) -> None:
    """``--review N`` and ``--moved``, read from what the last run left (the same queue Sector review shows, the moves it
    kept): a listing runs nothing and changes nothing."""
    from consult_analyser.pipeline.sectors.run import shown_name
    from consult_analyser.pipeline.sectors.thresholds import TYPES_LIST_HINT

    labels = {s.key: s.label for s in store_sectors.taxonomy(project)}
    if args.moved:
        at, moves = last_moves(project)
        if not at:
            print("no sector run has recorded who it moved yet (`sectors PROJECT` runs one)")
        else:
            print(f"the last sector run ({at}): " + moves_heading(moves))
            for line in describe_moves(moves, labels, limit=None)[1:]:
                print(f"  {line}")
    if args.review:
        rows = browse.review_rows(project, None, limit=args.review)  # the listed respondents only
        print(f"review first ({args.review}):" if any(r.review for r in rows) else
              f"nothing was flagged for review; the {args.review} least certain (a spot check):")
        for row in rows:
            # who, as Sector review shows them; the reason without the advice the summary gave once
            why = (row.review or "not flagged").split("; " + TYPES_LIST_HINT)[0]
            print(f"  {row.external_id:24} {shown_name(row)[:40]:40} {(row.sector or 'unclassified'):24} "
                  f"{row.source or 'none':9} {row.confidence:.2f}  {why}")


def cmd_sectors(args: argparse.Namespace) -> int:
    from consult_analyser.pipeline.sectors.check import describe_check
    from consult_analyser.pipeline.sectors.run import (
        NoDeclaredTypes,
        SectorReview,
        check_project,
        describe_sides,
        merge_sectors,
        sector_key_for,
        set_sector_side,
        taxonomy_for,
    )
    from consult_analyser.pipeline.sectors.taxonomy import SIDE_WORDS, side_from_word
    from consult_analyser.pipeline.sectors.thresholds import NOTHING_SAYS_WHO, ORGANISATION_ADDRESS, TYPES_LIST_HINT

    project = open_project(args.project)
    placed_before: dict[str, str] = {}
    side_key: str | None = None
    try:
        changing = bool(args.set or args.side or args.merge or args.remember is not None or args.taxonomy != "auto")
        if (args.review or args.moved) and not changing and not args.sides and args.check is None:
            if store_sectors.classified_before(project):  # a listing: nothing is run, nothing changes
                _print_listings(project, args)
                return 0
            print("no sector run yet: classifying respondents first (as `sectors PROJECT` does)")
        if args.sides:
            for sector_key, label, is_org, why in describe_sides(taxonomy_for(project)):
                print(f"  {sector_key:28} {label[:36]:36} {SIDE_WORDS[is_org]:12} {why}")
            return 0
        if args.check is not None:
            if args.check < 2:
                raise CommandError("--check needs at least 2 folds")
            with progress_bar("sector check", not args.quiet) as progress:
                measured = check_project(project, args.check, progress)
            print("\n".join(describe_check(measured.summary())))
            return 0
        if args.side:
            text, word = args.side
            try:
                side = side_from_word(word)
            except ValueError as exc:
                raise CommandError(f"SIDE: {exc}") from None
            key = sector_key_for(taxonomy_for(project), text)
            if key is None:
                raise CommandError(f"unknown sector {text!r}")
            placed_before = {rid: a.sector_key for rid, a in store_sectors.effective_sectors(project).items()}
            side_key = key
            set_sector_side(project, key, side)
            print(f"{key}: confirmed as {SIDE_WORDS[side]}")
        if args.merge:
            taxonomy = taxonomy_for(project)
            gone, into = (sector_key_for(taxonomy, text) for text in args.merge)
            for text, key in zip(args.merge, (gone, into), strict=True):
                if key is None:
                    raise CommandError(f"unknown sector {text!r}; sectors are: "
                                       + ", ".join(f"{s.key} ({s.label})" for s in taxonomy.sectors))
            if gone == into:
                raise CommandError(f"{args.merge[0]!r} and {args.merge[1]!r} are one sector already")
            assert gone is not None and into is not None
            merge_sectors(project, gone, into)
            print(f"{taxonomy.label(gone)!r} merged into {taxonomy.label(into)!r} by {project.actor}")
        if args.set:
            taxonomy = taxonomy_for(project)
            wanted = []
            twice = sorted({e for e, _ in args.set if sum(1 for other, _ in args.set if other == e) > 1})
            if twice:
                raise CommandError(f"--set names {', '.join(twice)} more than once: give each respondent one sector")
            for external, text in args.set:  # every one checked before any is recorded
                person = responses.respondent(project, letter_names.imported_id(project, external))
                if person is None:
                    raise CommandError(f"no respondent {external!r} in {project.path.name}")
                key = sector_key_for(taxonomy, text)
                if key is None:
                    known = ", ".join(f"{s.key} ({s.label})" for s in taxonomy.sectors)
                    raise CommandError(f"unknown sector {text!r}; sectors are: {known}")
                wanted.append((external, text, person.id, key))
            for external, text, respondent_id, key in wanted:
                SetSector(respondent_id, key).apply(project)
                label = taxonomy.label(key)
                # a word of another taxonomy ("Faith group" in an EU consultation's types) says which it was read as
                read = "" if text in (key, label) or text.casefold() == label.casefold() else \
                    f" (read {text!r} as {label!r}; `sectors --sides` lists this consultation's sectors)"
                print(f"{external}: sector set to {key} by {project.actor}{read}")
        with progress_bar("sectors", not args.quiet) as progress:
            try:
                review = SectorReview(project, taxonomy_mode=args.taxonomy, progress=progress)
            except NoDeclaredTypes as exc:
                raise CommandError(str(exc)) from exc
            results = review.run()
        counts = store_sectors.counts_by_sector(project)
        labels = {s.key: s.label for s in review.taxonomy.sectors}
        print(f"{len(results):,} respondents classified ({review.taxonomy.name} taxonomy; model: "
              f"{review.session.model_detail_ or 'none'})")
        for counted, n in counts.items():
            print(f"  {labels.get(counted, counted):42} {n:>7,}")
        by_source: dict[str, int] = {}
        for r in results:
            source = r.source if r.sector else "not classified"  # as the annex counts them
            by_source[source] = by_source.get(source, 0) + 1
        print("  by source: " + ", ".join(f"{s} {n:,}" for s, n in sorted(by_source.items())))
        if waiting := review.session.waiting_note():  # a sector known from one label, which the model leaves out
            print(f"  {waiting}")
        if args.side and side_key is not None:  # what confirming a side did, never silently (a trial's "Elected"
            # was emptied of the officials the model had placed there)
            print(f"  {_moved_by_side(review.taxonomy.label(side_key), side_key, placed_before, review)}")
        for line in review.session.withdrawal_lines():  # a rule's pattern the labels withdrew is said, never silent
            print(f"  {line}")
        check = review.session.seed_check
        if not check.applies:
            print(f"  the UK seed model decides no sector here (its word statistics only help a model trained "
                  f"on this consultation's own labels): {check.reason}")
        unclassified = sum(1 for r in results if not r.sector)
        anonymous = sum(1 for r in results if not r.sector and NOTHING_SAYS_WHO in r.review)
        if anonymous:
            print(f"  {anonymous:,} respondents left unclassified: {NOTHING_SAYS_WHO} (an anonymous form); "
                  "set their sectors in Sector review, or import who they are (`import --layout attributes`)")
        undeclared = sum(1 for r in results if not r.sector and TYPES_LIST_HINT in r.review)
        if undeclared:
            print(f"  {undeclared:,} respondents left unclassified (nothing declared, no rule matched): "
                  f"{TYPES_LIST_HINT} (`consult-analyser import PROJECT LIST.csv`); or set them in Sector review")
        other = unclassified - anonymous - undeclared
        if other:  # every unclassified respondent is accounted for (a trial read "3", then "2 ..." and no more)
            reasons = Counter((r.review or "no reason recorded").split("; ")[0].removeprefix("unclassified: ") for r in results
                              if not r.sector and NOTHING_SAYS_WHO not in r.review and TYPES_LIST_HINT not in r.review)
            print(f"  {other:,} {'more' if anonymous or undeclared else 'respondents'} left unclassified: "
                  + "; ".join(f"{reason} ({n:,})" for reason, n in reasons.most_common(3)))
        flagged = sum(1 for r in results if r.review)
        declared = sum(1 for r in results if r.review and r.sector and r.source == "declared")
        from_address = sum(1 for r in results if r.review and r.sector and r.source != "declared"
                           and ORGANISATION_ADDRESS in r.review)
        unsure = sum(1 for r in results if r.review and r.sector and r.source == "model"
                     and ORGANISATION_ADDRESS not in r.review)
        if flagged:
            parts = [f"{unclassified:,} unclassified", f"{declared:,} declared types that conflict or name no sector"]
            if unsure:
                parts.append(f"{unsure:,} the model chose at less than even odds")
            if from_address:
                parts.append(f"{from_address:,} filed as individuals though they write from an organisation's address")
            if flagged - unclassified - declared - unsure - from_address:
                parts.append(f"{flagged - unclassified - declared - unsure - from_address:,} individuals who ticked "
                             "'organisation'")
            print(f"  to review first: {flagged:,} ({', '.join(parts)})")
        for line in describe_moves(review.moves, labels, more=f"`sectors {args.project} --moved`"):
            print(f"  {line}")  # who this run moved that no analyst set, and why: never only totals
        _print_listings(project, args)
        if args.remember is not None:
            from consult_analyser.pipeline.sectors.local_seed import user_seed_path

            n = review.remember(args.remember or None)
            where = args.remember or str(user_seed_path())
            print(f"{n:,} confirmed organisation names saved to the local sector seed {where}; the next "
                  "consultation you classify starts from it")
            if n.note():  # names of people, lists or posts left out of a file that outlives the consultation
                print(n.note())
    finally:
        project.close()
    return 0
