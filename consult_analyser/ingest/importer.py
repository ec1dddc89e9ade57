"""Importing files into a project: pick a reader, parse, write everything in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from consult_analyser.domain import ImportResult
from consult_analyser.errors import IngestError
from consult_analyser.ingest.attributes import import_attributes, match_share
from consult_analyser.ingest.limits import check_file_size
from consult_analyser.ingest.registry import choose_reader, read_folder
from consult_analyser.ingest.tabular import reuse_decoded_text
from consult_analyser.parsed import ParsedBatch
from consult_analyser.progress import ProgressFn, null_progress, scaled
from consult_analyser.store import imports as store_imports
from consult_analyser.store.project import Project


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def folder_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    for child in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(child.relative_to(path)).encode())
        digest.update(file_sha256(child).encode())
    return digest.hexdigest()


def parse_file(path: Path, *, mapping_file: str | Path | None = None, mapping: dict | None = None,
               progress: ProgressFn | None = None) -> ParsedBatch:
    """Parse one file or a folder of documents without touching any project."""
    check_file_size(path)  # exists, regular (no FIFO or device), within the size budget
    if path.is_dir():
        return read_folder(path, progress)
    reader = choose_reader(path)
    if mapping_file is not None or mapping is not None:
        if not hasattr(reader, "detect"):
            raise IngestError(path, f"a column mapping cannot be used with {reader.name} files")
        return reader.read(path, mapping=mapping, progress=progress, mapping_file=mapping_file)  # type: ignore[call-arg]
    return reader.read(path, progress=progress)


def import_files(
    project: Project,
    paths: Sequence[str | Path],
    *,
    mapping_file: str | Path | None = None,
    mapping: dict | None = None,
    progress: ProgressFn | None = None,
) -> ImportResult:
    """Import files (and folders of documents) as one all-or-nothing transaction.

    A file whose exact content was imported before is skipped with a warning; rows already in
    the project (same respondent id and question) are skipped, so nothing is duplicated.
    """
    from consult_analyser.ingest.language import detect_languages

    progress = progress or null_progress
    total = ImportResult(source_files=[])
    files = [Path(p) for p in paths]
    with project.transaction(), reuse_decoded_text():
        for number, path in enumerate(files):
            step = scaled(progress, number / len(files), (number + 1) / len(files))
            step(0.0, f"reading {path.name}")
            check_file_size(path)  # before hashing: a FIFO or a device would never end
            sha = folder_sha256(path) if path.is_dir() else (file_sha256(path) if path.exists() else "")
            previous = store_imports.find_import(project, sha) if sha else None
            if previous:
                total.source_files.append(str(path))
                total.warnings.append(
                    f"{path.name}: already imported on {previous['imported_at'][:10]}; nothing added")
                continue
            if not path.is_dir() and path.suffix.lower() in {".csv", ".xlsx"} and match_share(project, path) >= 0.5:
                outcome = import_attributes(project, path, progress=step)
                total.source_files.append(str(path))
                if outcome["unmatched"]:
                    total.warnings.append(f"{path.name}: {len(outcome['unmatched'])} rows match no respondent "
                                          f"(e.g. {outcome['unmatched'][0]!r})")
                total.warnings.append(f"{path.name}: attributes attached to {outcome['matched']} respondents "
                                      f"(matched on {outcome['key_column']!r}, type from {outcome['type_column']!r})")
                _record(project, path, sha, "attributes")
                continue
            batch = parse_file(path, mapping_file=mapping_file, mapping=mapping, progress=scaled(step, 0, 0.1))
            result = store_imports.write_batch(project, batch, sha256=sha, detect_languages=detect_languages,
                                               progress=scaled(step, 0.1, 0.95))
            finish = getattr(batch, "finish", None)  # e.g. a REFI-QDA project's codes, codings and memos
            if finish is not None:
                finish(project, scaled(step, 0.95, 1.0))
            _accumulate(total, result)
    progress(1.0, "import finished")
    return total


def _record(project: Project, path: Path, sha: str, reader: str) -> None:
    store_imports.record_import(project, str(path), sha, reader)


def _accumulate(total: ImportResult, part: ImportResult) -> None:
    total.source_files.extend(part.source_files)
    total.questions += part.questions
    total.respondents += part.respondents
    total.responses += part.responses
    total.documents += part.documents
    total.skipped_duplicates += part.skipped_duplicates
    total.warnings.extend(part.warnings)
