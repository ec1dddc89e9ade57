"""Trial 51 major 4: the annex of a consultation on 78 proposed rules printed unreadably. Its "Q1 answers" sheet
(a closed question of 78 options, by 15 sectors) was 80 columns fitted to one page's width, its type microscopic
and its chart a stamp; the Q2 themes chart drew "No substantive answer" at 79% beside 31 themes squashed to
slivers; the Respondents sheet's only chart was one bar, "Online survey 100%".

A made-up project of the same shape: 40 options chosen by 12 sectors, a non-answer theme of 79% beside eight
themes, every respondent online."""

from __future__ import annotations

import random
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from consult_analyser.domain import NO_ANSWER_LABEL, Sector, SectorAssignment, Source, Theme, ThemeAssignment
from consult_analyser.export.xlsx_print import PRINT_WIDTH
from consult_analyser.store import codings, sectors, theme_runs
from consult_analyser.store.project import Project
from consult_analyser.store.questions import list_questions

OPTIONS = [f"EPA-2013-{k:04d}" for k in range(40)]
SECTORS = ["Individual", "Faith group or organisation", "Local or regional government", "School or college",
           "Non-profit, voluntary or community organisation", "Academic or research organisation", "Business",
           "Health or care organisation", "Other public authority", "Trade body or business association",
           "Trade union or staff association", "Not classified"]
THEMES = ["Endangered Species Act", "Wildlife Service", "Council on Environmental Quality", "Gray Wolf",
          "Trains", "Deer Park Resolution", "Debt Collection Practices", "Crude by Rail Transport"]
PEOPLE = 760


@pytest.fixture(scope="module")
def big(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The project and its annex (the small-numbers rule on, as published)."""
    from consult_analyser.export.annex_xlsx import export_annex
    from consult_analyser.ingest.importer import import_files

    folder = tmp_path_factory.mktemp("big_annex")
    rng = random.Random(51)
    weights = [1.0 / (k + 1) for k in range(len(OPTIONS))]  # a few rules drew most comments, as in the trial
    lines = ["Response ID,Which proposal are you responding to?,Please give your comments on the proposal."]
    for i in range(PEOPLE):
        option = rng.choices(OPTIONS, weights)[0]
        text = "See attached." if i % 100 < 79 else f"The rule on {THEMES[i % len(THEMES)]} needs work (case {i})."
        lines.append(f"R{i:04d},{option},{text}")
    (folder / "rules.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = Project.create(folder / "rules.consult", name="Proposed rules")
    mapping = folder / "mapping.toml"  # as the trial mapped them
    mapping.write_text('[columns]\n"Which proposal are you responding to?" = "question:Q1:closed"\n'
                       '"Please give your comments on the proposal." = "question:Q2:open"\n', encoding="utf-8")
    import_files(project, [folder / "rules.csv"], mapping_file=mapping)
    keys = [f"s{k}" for k in range(len(SECTORS))]
    sectors.set_taxonomy(project, [Sector(k, label, k != "s0") for k, label in zip(keys, SECTORS, strict=True)])
    ids = [r[0] for r in project.query("SELECT id FROM respondents ORDER BY external_id")]
    sectors.save_assignments(project, [SectorAssignment(rid, keys[rng.randrange(len(keys))], Source.DECLARED, 1.0, "")
                                       for rid in ids])
    closed, open_ = sorted(list_questions(project), key=lambda q: q.key)
    texts = dict(codings.answer_texts(project, open_.id))
    themes = [Theme(question_id=open_.id, label=label, description="", keywords=[], model="test", source=Source.MODEL)
              for label in [NO_ANSWER_LABEL, *THEMES]]
    links = [ThemeAssignment(themes[0].id, rid, 0.9, Source.MODEL, False)
             for rid, t in texts.items() if t.startswith("See attached")]
    links += [ThemeAssignment(theme.id, rid, 0.9, Source.MODEL, False) for theme in themes[1:]
              for rid, t in texts.items() if theme.label in t]
    theme_runs.save_run(project, open_.id, model="test", params={}, themes=themes, assignments=links)
    out = folder / "annex.xlsx"
    export_annex(project, out)
    yield project, closed, open_, out
    project.close()


def _width(ws) -> float:  # type: ignore[no-untyped-def]
    """Units across the columns holding anything: what a printer fits to the page's width."""
    used = max(c.column for row in ws.iter_rows() for c in row if c.value is not None)
    return sum(ws.column_dimensions[get_column_letter(i)].width or 8.43 for i in range(1, used + 1))


def _cells(ws) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]


def test_the_shape_is_the_trial_s(big):  # type: ignore[no-untyped-def]
    project, closed, open_, _out = big
    assert closed.kind.value == "closed" and len(set(OPTIONS)) == 40
    assert project.scalar("SELECT COUNT(DISTINCT choice) FROM responses WHERE question_id = ?", (closed.id,)) == 40


def test_a_closed_question_of_many_options_prints_its_answers_as_rows_in_blocks_of_sectors(big):  # type: ignore[no-untyped-def]
    _project, closed, _open, out = big
    ws = load_workbook(out)[f"{closed.key} answers"]
    assert _width(ws) <= PRINT_WIDTH  # fitted to the page's width, its type stays about 8.5 points (was 34 + 13 x 41)
    by_sector = [ws.tables[name] for name in ws.tables if name.startswith(f"{closed.key}_by_sector")]
    assert len(by_sector) >= 4  # shares and counts, each cut into blocks of sectors
    answers = [r[0].value for r in ws[ws.tables[f"{closed.key}_answers"].ref][1:]]
    assert sorted(answers) == OPTIONS
    for table in by_sector:
        header = [c.value for c in ws[table.ref][0]]
        assert header[0] == "Answer"
        rows = [[c.value for c in row] for row in ws[table.ref][1:]]
        assert [r[0] for r in rows] == answers  # a row per answer, in the answers table's order
    headers = [c.value for t in by_sector for c in ws[t.ref][0] if c.value != "Answer"]
    for label in SECTORS:  # every sector in each of the two tables, its respondents said in its header
        assert sum(1 for h in headers if h.startswith(label + " (n=")) == 2, label
    titles = [c for c in _cells(ws) if "(columns " in c]
    assert any("(columns 1 of " in c for c in titles) and any("(columns 2 of " in c for c in titles)


def test_its_chart_draws_the_fifteen_answers_chosen_most_and_the_rest_as_one_bar(big):  # type: ignore[no-untyped-def]
    _project, closed, _open, out = big
    book = load_workbook(out)
    ws = book[f"{closed.key} answers"]
    (chart,) = ws._charts
    title = "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
    assert "15 answers chosen most" in title and "25 others as one bar" in title, title
    ref = chart.series[0].cat.strRef.f
    first, last = (int(n) for n in re.findall(r"\$(\d+)", ref))
    labels = [ws.cell(row=r, column=1).value for r in range(first, last + 1)]
    assert len(labels) == 16 and labels[-1] == "Other options (25)"
    counts = {r[0].value: r[1].value for r in ws[ws.tables[f"{closed.key}_answers"].ref][1:]}
    assert len(counts) == 40
    top = sorted(counts.values(), reverse=True)
    drawn = [ws.cell(row=r, column=2).value for r in range(first, last + 1)]
    assert drawn[:15] == top[:15] and drawn[15] == sum(top[15:])  # the most chosen, and the rest together
    size = chart.anchor.ext  # (EMU: 360,000 a centimetre)
    assert size.width >= 20 * 360_000 and size.height >= 10 * 360_000  # a readable size on its page


def test_the_theme_chart_leaves_out_no_substantive_answer_and_says_so(big):  # type: ignore[no-untyped-def]
    _project, _closed, open_, out = big
    ws = load_workbook(out)[f"{open_.key} themes"]
    (chart,) = ws._charts
    title = "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
    table = ws.tables[f"{open_.key}_themes"]
    rows = {r[0].value: r for r in ws[table.ref][1:]}
    n = rows[NO_ANSWER_LABEL][4].value
    assert n == sum(1 for i in range(PEOPLE) if i % 100 < 79)  # its count stays in the table
    assert f"{NO_ANSWER_LABEL} ({n:,}, {round(100 * n / PEOPLE)}%) not drawn" in title, title
    first, last = (int(x) for x in re.findall(r"\$(\d+)", chart.series[0].cat.strRef.f))
    drawn = [ws.cell(row=r, column=1).value for r in range(first, last + 1)]
    assert NO_ANSWER_LABEL not in drawn and sorted(drawn) == sorted(THEMES)


def test_a_one_bar_chart_of_channels_is_a_sentence(big):  # type: ignore[no-untyped-def]
    _project, _closed, _open, out = big
    ws = load_workbook(out)["Respondents"]
    titles = ["".join(r.t for p in c.title.tx.rich.p for r in (p.r or [])) for c in ws._charts]
    assert "Respondents by channel" not in titles
    assert f"All {PEOPLE:,} respondents answered online." in _cells(ws)


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler print the annex")
def test_the_printed_answers_sheet_is_readable(big, tmp_path):  # type: ignore[no-untyped-def]
    """Printed, the closed question's words are at least 8 points tall (were about 1 point)."""
    _project, closed, _open, out = big
    book = load_workbook(out)
    for name in book.sheetnames:  # print that sheet alone
        if name != f"{closed.key} answers":
            del book[name]
    book.save(tmp_path / "q1.xlsx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "q1.xlsx")],
                   check=True, capture_output=True, timeout=180)
    html = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "q1.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout
    heights = [float(b) - float(a) for a, b, word in re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html) if word.startswith("EPA-")]
    assert heights and min(heights) >= 8.0, min(heights or [0])


def test_the_sectors_come_in_as_few_even_blocks_as_fit():
    """Trial 51's 15 sectors beside a column of answers came in blocks of 10, 2 and 3 columns (each block a table
    of 78 answers over two pages) where two of 8 and 7 fit the page."""
    from consult_analyser.export.xlsx_print import blocks

    labels = ["Individual (n=752)", "Faith group or organisation (n=179)", "Local or regional government (n=161)",
              "School or college (n=42)", "Non-profit, voluntary or community organisation (n=1,956)",
              "Academic or research organisation (n=238)", "Business (n=434)", "Health or care organisation (n=80)",
              "Police, justice or emergency service (n=<5)", "Other public authority (n=387)",
              "Trade body or business association (n=655)", "Trade union or staff association (n=30)",
              "Elected representative (n=27)", "Other (n=<5)", "Not classified (n=3,612)"]
    widths = [34.0, 13.0, 13.0]
    parts = blocks(widths, labels)
    assert [len(p) for p in parts] == [8, 7] and sum(widths) <= PRINT_WIDTH
    assert sorted(i for p in parts for i in p) == list(range(len(labels)))
    for part in parts:  # each label's longest word fits its column
        for place, i in enumerate(part, 1):
            assert widths[place] >= max(len(w) for w in labels[i].split()) + 1 or widths[place] >= 16
