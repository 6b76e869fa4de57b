"""SIASN (BKN's Sistem Informasi ASN): staff in from SIASN's export, evaluation results out to SIASN's kinerja history.

Its own area rather than part of `org/` or `evaluation/`: it is an outside system's contract (columns, codes,
endpoints, tokens) that touches both areas, changes when BKN changes, and is switched off in most offices. Keeping it
here keeps BKN's vocabulary out of the domain services, which stay unaware of it; the domain's services are called
from here, never the reverse.

- codes.py      SIASN's reference codes (kedudukan hukum, jenis jabatan, golongan, rating and kuadran values), pure
- importing.py  the staff import (HR page, `manage.py import_siasn`), preview first, all or nothing
- sample.py     the demo's staff written in SIASN's export format (`manage.py export_siasn_sample`)
- client.py     the web service client (tokens, retries, logging); settings SIASN_* in config/settings.py
- payloads.py   an evaluation as the body of /kinerjaperiodik/save or /skp22/save
- services.py   sending and resending (SiasnSubmission), the history check against duplicates
- tasks.py      the Huey job that sends a final evaluation
- exports.py    without credentials: the same rows as XLSX/CSV for manual entry, and the PDFs as one ZIP

BKN publishes no specification of the web service. The contract here follows independent public clients:
kanekescom/laravel-siasn-api (tokens, retries), black-coffee04/ws-siasn-php (endpoints, fields, document type 890)
and kanekescom/laravel-siasn-simpeg (export columns, PegawaiCsvTransformer).
"""
