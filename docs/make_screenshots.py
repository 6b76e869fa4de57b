"""Take the README screenshots from a running demo server (make run) with Debian chromium.

python docs/make_screenshots.py [http://127.0.0.1:8000] [talent-map.png ...]   # only the files named, if any
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
ONLY = set(sys.argv[2:])
OUT = Path(__file__).resolve().parent / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = [  # (file, user, path, phone)
    ("home.png", "priska.radja", "/", False),
    ("inbox.png", "ester.bessie", "/tugas/", False),
    ("skp-review.png", "ester.bessie", "FIRST_REVIEW", False),
    ("evaluation-rating.png", "FIRST_RATER", "FIRST_RATING", False),
    ("hr-period.png", "hr.kecamatan", "/kepegawaian/periode/1/", False),
    ("service-report.png", "hr.kecamatan", "/laporan/layanan/", False),
    ("survey-phone.png", None, "FIRST_SURVEY", True),
    ("dashboard.png", "maria.bunga", "/dasbor/", False),
    ("dashboard-mantasi.png", "ester.bessie", "/dasbor/", False),
    ("notifications.png", "ester.bessie", "/notifikasi/", False),
    ("guide.png", None, "/panduan/", False),
    ("timeline.png", "FIRST_RATER", "FIRST_EVALUATION", False),
    ("talent-map.png", "maria.bunga", "/talenta/", False),
    ("profile.png", "maria.bunga", "FIRST_PROFILE", False),
]


def login(page, username):
    page.goto(f"{BASE}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "alak2026")
    with page.expect_navigation():
        page.click("button[type=submit]")


def main():
    import os

    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.utils import timezone
    from viewflow.workflow.models import Task

    from appraisal.models import Employee, SurveyToken

    review = Task.objects.filter(flow_task__endswith="skpflow.review", status="ASSIGNED").first()
    rating = Task.objects.filter(flow_task__endswith=".rate", status="ASSIGNED").select_related("owner").first()
    token = SurveyToken.objects.filter(used_at__isnull=True, expires_at__gt=timezone.now()).order_by("-id").first()
    # A counter officer with a recorded potential: the profile shows strengths from peers and citizens.
    profiled = (
        Employee.objects.filter(position__serves_public=True, potential_assessments__isnull=False)
        .order_by("id")
        .first()
    )
    targets = {
        "FIRST_PROFILE": f"/pegawai/{profiled.pk}/profil-kinerja/" if profiled else "/talenta/",
        "FIRST_REVIEW": f"/skp/{review.process.skpprocess.plan_id}/tinjau/" if review else "/tugas/",
        "FIRST_RATING": f"/evaluasi/{rating.process.evaluationprocess.evaluation_id}/nilai/" if rating else "/",
        "FIRST_RATER": rating.owner.username if rating else "admin",
        # The evaluation page of the same evaluation: its process timeline (rating current, what comes next).
        "FIRST_EVALUATION": f"/evaluasi/{rating.process.evaluationprocess.evaluation_id}/" if rating else "/",
        "FIRST_SURVEY": f"/survei/{token.token}/" if token else "/survei/",
    }
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        for name, user, path, phone in SHOTS:
            if ONLY and name not in ONLY:
                continue
            options = (
                {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2}
                if phone
                else {"viewport": {"width": 1280, "height": 900}}
            )
            context = browser.new_context(locale="id-ID", **options)
            page = context.new_page()
            user = targets.get(user, user)
            if user:
                login(page, user)
            page.goto(BASE + targets.get(path, path))
            page.screenshot(path=str(OUT / name), full_page=False)
            context.close()
            print("wrote", OUT / name)
        browser.close()


if __name__ == "__main__":
    main()
