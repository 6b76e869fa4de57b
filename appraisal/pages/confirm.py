"""Confirmation before an irreversible action, one mechanism for every page (issue 12).

Without JavaScript: the view validates the POST, then, unless it carries `confirmed=1`, answers with a confirm page
(templates/confirm/confirm.html) that says what cannot be undone and posts the same fields again with confirmed=1.
With JavaScript: the submit button carries {% confirm_attrs "key" %}; static/js/confirm.js opens a <dialog> with the
same words and submits with confirmed=1, so the second round trip is skipped. The API is not concerned: it calls the
workflow steps directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CONFIRM_FIELD = "confirmed"
_NOT_REPOSTED = frozenset({"csrfmiddlewaretoken", CONFIRM_FIELD})


@dataclass(frozen=True)
class Confirmation:
    title: Promise
    consequence: Promise  # what cannot be undone, in the user's words
    button: Promise


CONFIRMATIONS: dict[str, Confirmation] = {
    "skp_submit": Confirmation(
        _("Ajukan SKP?"),
        _(
            "Setelah diajukan, SKP tidak dapat Anda ubah sampai Pejabat Penilai Kinerja menyetujui atau "
            "mengembalikannya."
        ),
        _("Ya, ajukan SKP"),
    ),
    "skp_approve": Confirmation(
        _("Setujui SKP?"),
        _("Persetujuan tidak dapat dibatalkan: SKP dikunci, dan perubahan hanya lewat versi baru yang ditinjau lagi."),
        _("Ya, setujui SKP"),
    ),
    "self_assessment_submit": Confirmation(
        _("Ajukan penilaian mandiri?"),
        _(
            "Setelah diajukan, realisasi, bukti dukung dan penilaian mandiri tidak dapat Anda ubah lagi; "
            "evaluasi diteruskan kepada rekan kerja dan Pejabat Penilai Kinerja."
        ),
        _("Ya, ajukan"),
    ),
    "evaluation_rate": Confirmation(
        _("Simpan penilaian?"),
        _(
            "Rating dan predikat dikirim kepada pegawai dan tidak dapat Anda ubah lagi; hanya keberatan yang "
            "diputus Atasan Pejabat Penilai Kinerja yang dapat mengubahnya."
        ),
        _("Ya, simpan penilaian"),
    ),
    "evaluation_accept": Confirmation(
        _("Terima hasil evaluasi?"),
        _("Menerima hasil tidak dapat dibatalkan: hak Anda mengajukan keberatan atas evaluasi ini hilang."),
        _("Ya, saya terima"),
    ),
    "objection_file": Confirmation(
        _("Ajukan keberatan?"),
        _(
            "Keberatan yang diajukan tidak dapat ditarik atau diubah; Atasan Pejabat Penilai Kinerja akan "
            "meminta penjelasan lalu memutus, dan putusannya final."
        ),
        _("Ya, ajukan keberatan"),
    ),
    "objection_explain": Confirmation(
        _("Kirim penjelasan?"),
        _("Penjelasan yang terkirim tidak dapat diubah dan dibaca oleh Atasan Pejabat Penilai Kinerja."),
        _("Ya, kirim"),
    ),
    "objection_decide": Confirmation(
        _("Simpan keputusan keberatan?"),
        _("Keputusan ini final (PP 30/2019 Pasal 59) dan tidak dapat diubah oleh siapa pun, termasuk Anda."),
        _("Ya, putuskan"),
    ),
    "sign_off": Confirmation(
        _("Sahkan evaluasi?"),
        _(
            "Pengesahan tidak dapat dibatalkan: evaluasi dikunci, dokumen final dibuat, dan tidak ada yang "
            "dapat mengubahnya lagi."
        ),
        _("Ya, sahkan"),
    ),
    "peer_feedback": Confirmation(
        _("Kirim umpan balik?"),
        _("Umpan balik yang terkirim tidak dapat diubah atau ditarik, karena tidak disimpan dengan nama Anda."),
        _("Ya, kirim"),
    ),
    "org_result_confirm": Confirmation(
        _("Konfirmasi Capaian Kinerja Organisasi?"),
        _(
            "Konfirmasi tidak dapat dibatalkan: capaian ini menentukan Rating Hasil Kerja pimpinan unit dan "
            "batas kurva distribusi predikat pegawainya."
        ),
        _("Ya, konfirmasi"),
    ),
    "objection_designate": Confirmation(
        _("Catat penunjukan pejabat pemutus?"),
        _(
            "Pejabat yang ditunjuk langsung menerima tugas memutus keberatan ini; penunjukan tidak dapat "
            "dibatalkan di halaman ini."
        ),
        _("Ya, catat penunjukan"),
    ),
}


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "1"


def confirm_page(request: HttpRequest, key: str, *, back: str) -> HttpResponse:
    """The confirm step: the same POST again, with confirmed=1, to the same address; `back` cancels."""
    posted = request.POST
    fields = [(name, value) for name in posted if name not in _NOT_REPOSTED for value in posted.getlist(name)]
    context = {"confirmation": CONFIRMATIONS[key], "fields": fields, "action": request.get_full_path(), "back": back}
    return render(request, "confirm/confirm.html", context)
