"""Page-number pagination whose "no such page" answer is in the user's language."""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    invalid_page_message = _("Halaman {page_number} tidak ada.")
