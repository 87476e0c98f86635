"""Inbox sensor: PDFs dropped into a folder (PROTOKOLL_INBOX, default data/inbox) are ingested.

The cursor remembers every seen file as path -> "mtime_ns:size", so each file triggers one run;
a file replaced with new content (new mtime or size) triggers again, and the content hash in the
archive decides whether anything is really new.
"""

import hashlib
import json

import dagster as dg

from pipelines import settings
from pipelines.jobs import ingest_job, ingest_run_config
from pipelines.resources import InboxResource
from pipelines.runguard import fail_orphaned_runs


def scan_inbox(folder_files: list[tuple[str, str]], cursor: str | None) -> tuple[list[str], str]:
    """(new or changed paths, next cursor) for the files (path, signature) now in the inbox."""
    seen: dict[str, str] = json.loads(cursor) if cursor else {}
    new = [path for path, sig in folder_files if seen.get(path) != sig]
    # Forget files that left the inbox so the cursor does not grow without bound.
    return new, json.dumps(dict(folder_files), sort_keys=True)


@dg.sensor(
    job=ingest_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts an ingest of the PDFs newly dropped into the inbox folder.",
)
def inbox_sensor(
    context: dg.SensorEvaluationContext, inbox: InboxResource
) -> dg.SensorResult | dg.SkipReason:
    fail_orphaned_runs(context.instance)  # a killed run must not hold the queue
    folder = inbox.folder()
    if not folder.is_dir():
        return dg.SkipReason(f"inbox {folder} does not exist")
    files = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() == ".pdf" and not path.name.startswith("."):
            st = path.stat()
            files.append((str(path), f"{st.st_mtime_ns}:{st.st_size}"))
    new, cursor = scan_inbox(files, context.cursor)
    if not new:
        return dg.SensorResult(skip_reason=dg.SkipReason(f"no new PDFs in {folder}"), cursor=cursor)
    signatures = dict(files)
    run_key = hashlib.sha256("\n".join(f"{p}:{signatures[p]}" for p in new).encode()).hexdigest()[:24]
    context.log.info(f"{len(new)} new PDF(s) in {folder}")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=f"inbox-{run_key}",
                run_config=ingest_run_config(sources=new),
                tags={"protokoll/trigger": "inbox", "protokoll/files": str(len(new)), **settings.run_tags()},
            )
        ],
        cursor=cursor,
    )
