"""The UBL 2.1 schema and the official rules (CEN EN 16931 UBL and OpenPeppol BIS Billing 3.0), vendored in rules/.

The schema runs in lxml; the rules are Schematron compiled to XSLT 2.0, run with Saxon-HE (saxonche). Each is
loaded and compiled once per process, on first use, and reused: compiling the 1 MB CEN stylesheet is the slow part.
Saxon may read local files only (the stylesheets), never a URL. Saxon is not used from two threads at once."""
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree
from saxonche import PySaxonProcessor, PyXsltExecutable

RULES = Path(__file__).resolve().parent / "rules"
SCHEMAS = {"Invoice": RULES / "ubl-2.1" / "maindoc" / "UBL-Invoice-2.1.xsd",
           "CreditNote": RULES / "ubl-2.1" / "maindoc" / "UBL-CreditNote-2.1.xsd"}
STYLESHEETS = (RULES / "CEN-EN16931-UBL.xsl", RULES / "PEPPOL-EN16931-UBL.xsl")
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"
_ID_PREFIX = re.compile(r"^\s*\[[^\]]+\]\s*-?\s*")
_saxon_lock = threading.Lock()
_CLARK_NAME = re.compile(r"\{([^}]*)\}(\w+)")
_PREFIXES = {"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2": "cac:",
             "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2": "cbc:"}


@dataclass(frozen=True)
class Findings:
    fatal: tuple[tuple[str, str], ...]  # (rule id, text)
    warnings: tuple[tuple[str, str], ...]


@cache
def _schema(root_name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(SCHEMAS[root_name]), parser))


def schema_errors(root: etree._Element) -> list[tuple[str, str]]:
    """The UBL 2.1 schema's errors of a parsed Invoice or CreditNote, as ("line N", message)."""
    schema = _schema(etree.QName(root).localname)
    if schema.validate(root):
        return []
    return [(f"line {error.line}", _CLARK_NAME.sub(_prefixed, error.message)) for error in schema.error_log]


def _prefixed(match: re.Match[str]) -> str:
    """"{urn:...:CommonBasicComponents-2}IssueDate" -> "cbc:IssueDate", as the official documentation writes it."""
    return _PREFIXES.get(match.group(1), "") + match.group(2)


@cache
def _processor() -> PySaxonProcessor:
    processor = PySaxonProcessor(license=False)
    # "file": the local stylesheets only; no http(s), no other URL, from the rules or from a document.
    processor.set_configuration_property(ALLOWED_PROTOCOLS, "file")
    return processor


@cache
def _executables() -> tuple[PyXsltExecutable, ...]:
    with _saxon_lock:
        processor = _processor()
        return tuple(processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(path))
                     for path in STYLESHEETS)


def warm_up() -> None:
    """Load the schemas and compile the rules now (a worker at start, the benchmark), not on the first upload."""
    for name in SCHEMAS:
        _schema(name)
    _executables()


def rule_findings(root: etree._Element) -> Findings:
    """The failed assertions of the EN 16931 and Peppol rules on a document (already schema-valid)."""
    text = etree.tostring(root, encoding="unicode")
    executables = _executables()
    with _saxon_lock:
        node = _processor().parse_xml(xml_text=text)
        reports = [executable.transform_to_string(xdm_node=node) for executable in executables]
    fatal: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    for report in reports:
        for failed in etree.fromstring(report.encode("utf-8")).iter(f"{SVRL}failed-assert"):
            finding = (failed.get("id") or "", _ID_PREFIX.sub("", failed.findtext(f"{SVRL}text") or "").strip())
            (warnings if failed.get("flag") == "warning" else fatal).append(finding)
    return Findings(fatal=tuple(dict.fromkeys(fatal)), warnings=tuple(dict.fromkeys(warnings)))
