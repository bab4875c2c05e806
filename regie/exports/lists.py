"""Admin lists export what their filters and search show, to CSV and XLSX, with headers in the user's
language (regie/exports/spreadsheets.py makes the files safe to open)."""
from typing import TYPE_CHECKING, ClassVar

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import label_for_field
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst, slugify

from regie.exports.spreadsheets import csv_bytes, xlsx_bytes

if TYPE_CHECKING:
    from django.template.response import _TemplateForResponseT  # the stubs' type of ModelAdmin's templates

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class ExportMixin:
    """`export_columns`: [(header, function of the object)]. Adds export.csv and export.xlsx to the list.

    A header given as a plain string names a column of the list (a field or a list_display method): the export
    then takes the list's own header for it, so list and export cannot name a column differently.
    """

    export_columns: ClassVar[list[tuple]] = []  # (header, value) pairs or list columns' names
    change_list_template: ClassVar["_TemplateForResponseT | None"] = "admin/export_change_list.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [path(f"export.{kind}", view(self.export), {"kind": kind}, name="{}_{}_export_".format(*info) + kind)
                for kind in CONTENT_TYPES] + super().get_urls()

    def export(self, request, kind):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:  # a filter the list refuses: the list says so, as Django's list does
            return HttpResponseRedirect(f"{reverse(f'admin:{self.opts.app_label}_{self.opts.model_name}_changelist')}"
                                        f"?{ERROR_FLAG}=1")
        headers = self.export_headers()
        rows = ([value(obj) for _header, value in self.export_columns] for obj in queryset)
        name = f"{slugify(self.opts.verbose_name_plural)}-{timezone.localdate():%Y-%m-%d}.{kind}"
        content = csv_bytes(headers, rows) if kind == "csv" else xlsx_bytes(headers, list(rows),
                                                                           title=str(self.opts.verbose_name_plural))
        response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def export_headers(self):
        return [capfirst(str(label_for_field(header, self.model, self) if type(header) is str else header))
                for header, _value in self.export_columns]
