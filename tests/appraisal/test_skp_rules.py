import pytest

from appraisal.rules import ResultFacts, skp_submission_errors


def rhk(label="RHK 1", kind="UTAMA", n=1, supports=10, text=""):
    return ResultFacts(label=label, kind=kind, indicator_count=n, supports_id=supports, supports_text=text)


APPROVED = frozenset({10, 11})


@pytest.mark.parametrize(
    ("results", "kwargs", "expected_fragments"),
    [
        ([rhk()], {"appraiser_approved_result_ids": APPROVED}, []),
        ([rhk(), rhk("RHK 2", kind="TAMBAHAN", supports=11)], {"appraiser_approved_result_ids": APPROVED}, []),
        ([], {"appraiser_approved_result_ids": APPROVED}, ["paling sedikit satu RHK utama"]),
        ([rhk(kind="TAMBAHAN")], {"appraiser_approved_result_ids": APPROVED}, ["paling sedikit satu RHK utama"]),
        (
            [rhk(n=0)],
            {"appraiser_approved_result_ids": APPROVED},
            ["paling sedikit satu RHK utama", "belum memiliki indikator"],
        ),
        ([rhk(supports=None)], {"appraiser_approved_result_ids": APPROVED}, ["belum dikaitkan dengan RHK atasan"]),
        ([rhk(supports=99)], {"appraiser_approved_result_ids": APPROVED}, ["tidak ada pada SKP Ibu Kasi tahun 2026"]),
        ([rhk()], {"appraiser_approved_result_ids": None}, ["SKP Ibu Kasi tahun 2026 belum disetujui"]),
        ([rhk(supports=None, text="RPJMD misi 2")], {"is_top": True}, []),
        ([rhk(supports=None, text="  ")], {"is_top": True}, ["isi sasaran organisasi yang didukung"]),
    ],
)
def test_skp_submission_errors(results, kwargs, expected_fragments):
    kwargs = {"is_top": False, "appraiser_name": "Ibu Kasi", "year": 2026, **kwargs}
    errors = skp_submission_errors(results, **kwargs)
    assert len(errors) == len(expected_fragments), errors
    for fragment, error in zip(expected_fragments, errors, strict=True):
        assert fragment in error
