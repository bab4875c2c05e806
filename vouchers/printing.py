"""Printing cheques: each cheque's PDF is rendered once and stored at issue time (`store_cheque_pdf`);
printing many makes one PDF of those stored files, not laid out again.

Pages are copied with pikepdf (qpdf), which also copies each cheque's structure tree: it goes under
one Document element of the merged file, as a section that keeps its holder's language, and the
pages get new keys in one parent tree. So the merged file is tagged too, with a title and a language
(the coordinator's), and it says it is PDF/UA-1 (pdfuaid:part in its XMP metadata) as each cheque does.
pikepdf rather than pypdf: copying the tags with pypdf made printing 1,000 cheques about twice as slow
as the 10 s target allows; qpdf does it in a fraction of that.
"""
import datetime
import io
from collections.abc import Callable, Iterable, Sequence

import pikepdf
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext as _
from pikepdf import Array, Dictionary, Name, Object, Page, Pdf, String

from regie.audit import record
from regie.ops import background
from vouchers import pdf
from vouchers.models import Call, Voucher
from vouchers.models.vouchers import VoucherStatus

LOST_AFTER = datetime.timedelta(minutes=15)  # a cheque's delivery takes seconds; retried work has a row by then


def store_cheque_pdf(*, voucher: Voucher) -> bytes:
    """Render the cheque once and keep it; later calls return the stored file's bytes."""
    with transaction.atomic():
        voucher = (Voucher.objects.select_for_update(of=("self",)).select_related("application", "call__regie")
                   .get(pk=voucher.pk))
        if voucher.pdf:
            with voucher.pdf.open("rb") as stored:
                return stored.read()
        document = pdf.render_cheque_pdf(voucher)  # looked up on the module: tests stand in for it
        name = voucher.pdf.field.generate_filename(voucher, f"{voucher.code}.pdf")
        voucher.pdf.storage.delete(name)  # left by a run that was rolled back (the field is empty): replace it
        voucher.pdf.save(f"{voucher.code}.pdf", ContentFile(document), save=False)
        voucher.save(update_fields=["pdf"])
        record(None, "voucher.pdf_stored", voucher, {"bytes": len(document)})
    return document


def stored_cheque_pdfs(*, vouchers: Sequence[Voucher]) -> list[bytes]:
    """The stored PDF of each cheque, in order, for printing many. A stored file never changes, so it is read as
    it is, without a transaction and a row lock per cheque (half the time of printing 1,000, measured); a cheque not
    stored yet, or whose file went since `vouchers` were read, is rendered and stored by `store_cheque_pdf`."""
    return [_stored_file(voucher) or store_cheque_pdf(voucher=voucher) for voucher in vouchers]


def _stored_file(voucher: Voucher) -> bytes | None:
    if not voucher.pdf:
        return None
    try:
        with voucher.pdf.storage.open(voucher.pdf.name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


def deliver_cheque(*, voucher_id: int, send: Callable[[Voucher, bytes], None]) -> bool:
    """The cheque to its holder, once: under the cheque's row lock, unless it went out already, store its PDF
    (rendered once) and `send` it, then mark it mailed. False when there was nothing to do (mailed already, or
    the cheque is gone). A run that fails rolls back whole: nothing is marked, it can run again; a PDF it stored is
    deleted (or replaced by the next run, stored under the same name, if the rollback came later).

    The call is locked first, as every service does (vouchers/ledger.py): the cheque's row is updated twice here,
    so PostgreSQL checks its key to the call at commit, which would wait for an approval holding the call while
    that approval waits for this cheque: a deadlock."""
    with transaction.atomic():
        call_id = Voucher.objects.filter(pk=voucher_id).values_list("call_id", flat=True).first()
        Call.objects.select_for_update(no_key=True).filter(pk=call_id).first()
        voucher = (Voucher.objects.select_for_update(of=("self",)).select_related("application", "call__regie")
                   .filter(pk=voucher_id).first())
        if voucher is None or voucher.cheque_mailed_at is not None:
            return False
        stored_before = bool(voucher.pdf)
        document = store_cheque_pdf(voucher=voucher)
        try:
            send(voucher, document)
        except Exception:
            if not stored_before:  # the rollback empties the field: the file it names goes too
                voucher.pdf.storage.delete(Voucher.objects.values_list("pdf", flat=True).get(pk=voucher.pk))
            raise
        voucher.cheque_mailed_at = timezone.now()
        voucher.save(update_fields=["cheque_mailed_at"])
        record(None, "voucher.cheque_mailed", voucher, {})
    return True


@background.finds_lost_work("vouchers.tasks.deliver_cheque")
def lost_cheques() -> list[int]:
    """Valid cheques issued more than 15 minutes ago that were never mailed and have no open job: their delivery
    was lost without a trace (the database went away mid-task). `retry_background_work` enqueues them again."""
    unmailed = Voucher.objects.filter(status=VoucherStatus.ISSUED, cheque_mailed_at__isnull=True,
                                      issued_at__lt=timezone.now() - LOST_AFTER).exclude(application__email="")
    open_ids = background.open_jobs("vouchers.tasks.deliver_cheque")
    return [pk for pk in unmailed.values_list("pk", flat=True) if str(pk) not in open_ids]


def print_cheques(vouchers: Sequence[Voucher], documents: Sequence[bytes]) -> tuple[bytes, str]:
    """(PDF, file name) of "print selected cheques" for the cheques and their stored PDFs, in the active
    language: one cheque as its holder has it, several merged into one file with a title."""
    if len(vouchers) == 1:
        return documents[0], pdf.cheque_filename(vouchers[0])
    today = timezone.localdate()
    programme = vouchers[0].call.regie.programme_name  # the host regie's: its admin prints its own cheques
    title = _("%(programme)s: cheques to print (%(count)d), %(date)s") % {
        "programme": programme, "count": len(vouchers), "date": today.strftime("%d/%m/%Y")}
    name = f"{slugify(programme)}-cheques"
    return merge_pdfs(documents, title=title, language=get_language() or "nl"), f"{name}-{today.isoformat()}.pdf"


def merge_pdfs(documents: Iterable[bytes], *, title: str = "", language: str = "") -> bytes:
    """One tagged PDF from several (the stored cheques), pages in order."""
    merged = Pdf.new()
    tree = StructureTree(merged)
    sources = []  # open until the merged file is written: qpdf copies their streams' data then
    for document in documents:
        sources.append(source := Pdf.open(io.BytesIO(document)))
        first_page = len(merged.pages)
        merged.pages.extend(source.pages)
        tree.adopt(source, merged.pages[first_page:])
    tree.finish(title=title, language=language)
    output = io.BytesIO()
    merged.save(output, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return output.getvalue()


def _items(value: Object | None) -> list[Object]:
    """A /K entry as a list: one element or an array of them."""
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


class StructureTree:
    """The merged file's structure: StructTreeRoot -> Document -> each source's top elements."""

    def __init__(self, merged: Pdf) -> None:
        self.merged = merged
        self.numbers = Array()
        self.next_key = 0
        self.document = merged.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
        self.root = merged.make_indirect(Dictionary(
            Type=Name.StructTreeRoot, K=Array([self.document]),
            ParentTree=merged.make_indirect(Dictionary(Nums=self.numbers))))
        self.document.P = self.root

    def adopt(self, source: Pdf, pages: Iterable[Page]) -> None:
        """Move the source's structure (its pages already copied as `pages`) under our Document."""
        source_tree = source.Root.get(Name.StructTreeRoot)
        if source_tree is None:
            return  # an untagged file: its pages are printed, without structure
        language = source.Root.get(Name.Lang)
        for top in _items(source_tree.get(Name.K)):
            for element in _items(top.get(Name.K)):
                if isinstance(element, Dictionary):
                    self._adopt_element(element, language)
        self._adopt_parent_tree(source_tree, source.pages, pages)

    def _adopt_element(self, element: Dictionary, language: Object | None) -> None:
        del element[Name.P]  # cut from the source tree, so that copying stops here
        copy = self.merged.copy_foreign(element)
        copy.P = self.document
        if language is not None and Name.Lang not in copy:
            copy.Lang = language
        self.document.K.append(copy)

    def _copy(self, value: Object) -> Object:
        if isinstance(value, Array) and not value.is_indirect:
            return Array([self._copy(item) for item in value])
        return self.merged.copy_foreign(value) if value.is_indirect else value

    def _adopt_parent_tree(self, source_tree: Object, source_pages: Iterable[Page], pages: Iterable[Page]) -> None:
        numbers = source_tree.ParentTree.get(Name.Nums, Array())
        offset = self.next_key
        for index in range(0, len(numbers) - 1, 2):
            key = offset + int(numbers[index])
            self.numbers.append(key)
            self.numbers.append(self._copy(numbers[index + 1]))
            self.next_key = max(self.next_key, key + 1)
        for source_page, page in zip(source_pages, pages, strict=True):
            if Name.StructParents in source_page.obj:
                page.obj.StructParents = offset + int(source_page.obj.StructParents)

    def finish(self, *, title: str, language: str) -> None:
        self.root.ParentTreeNextKey = self.next_key
        catalog = self.merged.Root
        catalog.StructTreeRoot = self.root
        catalog.MarkInfo = Dictionary(Marked=True)
        catalog.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        if language:
            catalog.Lang = String(language)
        if title:
            self.merged.docinfo[Name.Title] = String(title)
            with self.merged.open_metadata(set_pikepdf_as_editor=False) as metadata:
                metadata["dc:title"] = title
                if language:  # tagged, titled, in a language: PDF/UA-1, as each cheque is (vouchers.pdf)
                    metadata["pdfuaid:part"] = "1"
