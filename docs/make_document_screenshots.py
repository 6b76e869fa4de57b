"""Render the official documents (the forms of the PermenPANRB 6/2022 Lampiran) to PNG, one image a page, into
docs/documents/.

python docs/make_document_screenshots.py

The documents are those of tests/appraisal/document_scenarios.py, built through the services in a throw-away
SQLite database and media folder (the demo database is not touched). Needs the dev requirements (factory_boy,
time-machine) and pdftoppm (Debian: apt-get install poppler-utils).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "documents"
DPI = "80"


def pages_to_png(pdf: bytes, name: str, work: Path) -> list[Path]:
    """docs/documents/<name>-1.png, -2.png, … one per page."""
    source = work / f"{name}.pdf"
    source.write_bytes(pdf)
    pdftoppm = shutil.which("pdftoppm")  # checked in main(); our own file names only
    subprocess.run([pdftoppm, "-r", DPI, "-png", str(source), str(work / name)], check=True)  # noqa: S603
    written = []
    for page in sorted(work.glob(f"{name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        target = OUT / f"{name}-{int(page.stem.rsplit('-', 1)[1])}.png"
        with Image.open(page) as image:  # a 256-colour palette keeps the repository small; forms have few colours
            image.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(target, optimize=True)
        written.append(target)
    return written


def main() -> None:
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm not found: apt-get install poppler-utils")
    work = Path(tempfile.mkdtemp(prefix="kinerja-docs-"))
    try:
        render_all(work)
    finally:
        shutil.rmtree(work)


def render_all(work: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{work / 'documents.sqlite3'}",
            "MEDIA_ROOT": str(work / "media"),
            "REDIS_URL": "",
            "SITE_URL": "https://kinerja.kupangkota.go.id",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from huey.contrib.djhuey import HUEY

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # dozens of accounts
    HUEY.immediate = True  # jobs (period opening, the final file) run inline
    call_command("migrate", verbosity=0)

    from appraisal.documents.pdf import render_evaluation_form_pdf, render_evaluation_report_pdf, render_plan_pdf
    from tests.appraisal import document_scenarios as scenarios
    from tests.factories import OrgFactory

    org = OrgFactory.build_small()
    plans = scenarios.plans_2026(org)
    tw4 = scenarios.mantasi_tw4(org)
    staff = scenarios.final_tw4(org, tw4[org.staff_a.pk])
    pppk = scenarios.final_tw4(org, tw4[org.peer_a.pk], result="MEETS", behaviour="MEETS")
    sekda = scenarios.sekda_tw4(org)

    documents = {
        "skp-ja-jf-kuantitatif": render_plan_pdf(plans.staff),
        "skp-ja-jf-kualitatif-pppk": render_plan_pdf(plans.pppk),
        "skp-jpt": render_plan_pdf(plans.sekda),
        "evaluasi-triwulan-iv-akhir": render_evaluation_form_pdf(staff),
        "dokumen-evaluasi": render_evaluation_report_pdf(staff),
        "evaluasi-kualitatif-pppk": render_evaluation_form_pdf(pppk),
        "dokumen-evaluasi-pppk": render_evaluation_report_pdf(pppk),
        "evaluasi-jpt-draf": render_evaluation_form_pdf(sekda),
    }
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    for name, pdf in documents.items():
        for path in pages_to_png(pdf, name, work):
            print("wrote", path.relative_to(ROOT))


if __name__ == "__main__":
    main()
