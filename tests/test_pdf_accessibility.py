"""pipeline.pdf_accessibility on a two-page tagged PDF/A-3a that WeasyPrint renders in the test.

Fast (no Java): the veraPDF run on the same kind of PDF is tests/test_verapdf.py.
"""

from __future__ import annotations

import functools
import io

import pikepdf
import pytest
from lxml import etree
from pypdf import PdfReader

from pipeline import pdf_accessibility
from pipeline.pdf_accessibility import make_accessible

TINY_HTML = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Liten rapport</title>
<style>
  @page { size: A6; margin: 20mm 10mm; font-family: DejaVu Sans;
          @top-left { content: "Sidhuvud"; }
          @bottom-right { content: "Sida " counter(page) " av " counter(pages); } }
  html { font-family: DejaVu Sans; }
  .next { break-before: page; }
</style></head>
<body>
<h1>Rubrik</h1>
<table><caption>Tabell</caption>
<thead><tr><th scope="col">År</th><th scope="col">Belopp</th></tr></thead>
<tbody><tr><th scope="row">2014</th><td>100</td></tr><tr><th scope="row">2015</th><td>200</td></tr></tbody>
</table>
<p class="next">Andra sidan</p>
</body></html>
"""
NS = {
    "rdf": pdf_accessibility.NS_RDF,
    "pdfuaid": pdf_accessibility.NS_PDFUAID,
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfaExtension": pdf_accessibility.NS_EXTENSION,
    "pdfaSchema": pdf_accessibility.NS_SCHEMA,
    "pdfaProperty": pdf_accessibility.NS_PROPERTY,
}


@functools.lru_cache(maxsize=1)
def tiny_pdf() -> bytes:
    """Two pages, a running header and footer, a table with column and row headers."""
    from weasyprint import HTML

    return HTML(string=TINY_HTML).write_pdf(pdf_variant="pdf/a-3a", pdf_tags=True)


@functools.lru_cache(maxsize=1)
def fixed_pdf() -> bytes:
    return make_accessible(tiny_pdf())


def texts_and_artifact_flags(data: bytes) -> list[tuple[str, bool]]:
    """Every shown text in reading order, with whether it sits inside /Artifact marked content."""
    shown: list[tuple[str, bool]] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        open_tags: list[str] = []

        def before(operator, operands, cm, tm, open_tags=open_tags):
            if operator in (b"BDC", b"BMC"):
                open_tags.append(str(operands[0]))
            elif operator == b"EMC":
                open_tags.pop()

        def text(value, cm, tm, font, size, open_tags=open_tags):
            if value.strip():
                shown.append((value.strip(), "/Artifact" in open_tags))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return shown


def xmp_tree(pdf: pikepdf.Pdf):
    return etree.fromstring(pdf.Root.Metadata.read_bytes())


def reachable(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    return list(pdf_accessibility._reachable_elements(pdf.Root.StructTreeRoot))


# --- a) XMP -------------------------------------------------------------------------------------


def test_xmp_gets_pdfua_part_1_beside_pdfa_3a():
    with pikepdf.open(io.BytesIO(fixed_pdf())) as pdf:
        xmp = xmp_tree(pdf)
    assert xmp.xpath("//@pdfuaid:part", namespaces=NS) == ["1"]
    assert xmp.xpath("//@pdfaid:part", namespaces=NS) == ["3"]
    assert xmp.xpath("//@pdfaid:conformance", namespaces=NS) == ["A"]


def test_xmp_describes_the_pdfuaid_schema_for_pdfa():
    with pikepdf.open(io.BytesIO(fixed_pdf())) as pdf:
        xmp = xmp_tree(pdf)
    [schema] = xmp.xpath("//pdfaExtension:schemas/rdf:Bag/rdf:li", namespaces=NS)
    assert schema.findtext("pdfaSchema:prefix", namespaces=NS) == "pdfuaid"
    assert schema.findtext("pdfaSchema:namespaceURI", namespaces=NS) == "http://www.aiim.org/pdfua/ns/id/"
    [prop] = schema.xpath("pdfaSchema:property/rdf:Seq/rdf:li", namespaces=NS)
    assert prop.findtext("pdfaProperty:name", namespaces=NS) == "part"
    assert prop.findtext("pdfaProperty:valueType", namespaces=NS) == "Integer"
    assert prop.findtext("pdfaProperty:category", namespaces=NS) == "internal"


def test_the_input_has_no_pdfua_identification():
    """Guards the test above: if WeasyPrint starts writing pdfuaid itself, revisit the module."""
    with pikepdf.open(io.BytesIO(tiny_pdf())) as pdf:
        assert xmp_tree(pdf).xpath("//@pdfuaid:part | //pdfuaid:part", namespaces=NS) == []


def test_running_twice_adds_nothing_twice():
    with pikepdf.open(io.BytesIO(make_accessible(fixed_pdf()))) as pdf:
        xmp = xmp_tree(pdf)
    assert xmp.xpath("//@pdfuaid:part", namespaces=NS) == ["1"]
    assert len(xmp.xpath("//pdfaExtension:schemas", namespaces=NS)) == 1
    assert len(xmp.xpath("//pdfaExtension:schemas/rdf:Bag/rdf:li", namespaces=NS)) == 1


def test_an_existing_extension_schema_list_is_joined_not_duplicated():
    other = f"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{NS["rdf"]}">
<rdf:Description rdf:about="" xmlns:pdfaExtension="{NS["pdfaExtension"]}"
  xmlns:pdfaSchema="{NS["pdfaSchema"]}"><pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:prefix>annan</pdfaSchema:prefix></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>
</rdf:RDF></x:xmpmeta>"""
    pdf = pikepdf.new()
    pdf.Root.Metadata = pdf.make_stream(other.encode(), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    assert pdf_accessibility.add_pdfua_identification(pdf) is True
    xmp = xmp_tree(pdf)
    assert len(xmp.xpath("//pdfaExtension:schemas", namespaces=NS)) == 1
    assert [
        li.findtext("pdfaSchema:prefix", namespaces=NS)
        for li in xmp.xpath("//pdfaExtension:schemas/rdf:Bag/rdf:li", namespaces=NS)
    ] == ["annan", "pdfuaid"]


def test_a_pdf_without_xmp_is_refused_in_swedish():
    with pikepdf.open(io.BytesIO(tiny_pdf())) as pdf:
        del pdf.Root.Metadata
        out = io.BytesIO()
        pdf.save(out)
    with pytest.raises(ValueError, match="saknar XMP-metadata"):
        make_accessible(out.getvalue())


def test_an_untagged_pdf_is_not_labelled_pdfua():
    from weasyprint import HTML

    untagged = HTML(string=TINY_HTML).write_pdf(pdf_variant="pdf/a-3b")
    with pytest.raises(ValueError, match="saknar taggar"):
        make_accessible(untagged)


# --- b) running headers and footers -------------------------------------------------------------


def test_weasyprint_tags_headers_and_footers_as_content():
    """The defect the module repairs, pinned so the next test proves a change."""
    assert ("Sidhuvud", False) in texts_and_artifact_flags(tiny_pdf())


@pytest.mark.parametrize("path", ["pattern", "tokens"])
def test_headers_and_footers_become_artifacts_and_nothing_else(path, monkeypatch):
    if path == "tokens":  # the tokeniser fallback must give the same result as the fast path
        monkeypatch.setattr(pdf_accessibility, "_rewrite_by_pattern", lambda raw, orphans: None)
    data = make_accessible(tiny_pdf())
    assert texts_and_artifact_flags(data) == [
        ("Rubrik", False),
        ("Tabell", False),
        ("År", False),
        ("Belopp", False),
        ("2014", False),
        ("100", False),
        ("2015", False),
        ("200", False),
        ("Sidhuvud", True),
        ("Sida 1 av 2", True),
        ("Andra sidan", False),
        ("Sidhuvud", True),
        ("Sida 2 av 2", True),
    ]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        artifacts = [
            instruction.operands[1]
            for page in pdf.pages
            for instruction in pikepdf.parse_content_stream(page, "BDC")
            if instruction.operands[0] == pikepdf.Name.Artifact
        ]
        assert len(artifacts) == 4
        assert all(dict(properties) == {"/Type": pikepdf.Name.Pagination} for properties in artifacts)


def test_parent_tree_keeps_only_elements_in_the_tree():
    with pikepdf.open(io.BytesIO(fixed_pdf())) as pdf:
        in_tree = {element.objgen for element in reachable(pdf)}
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        for page in pdf.pages:
            mapping = nums[2 * int(page.obj.StructParents) + 1]
            mcids = {
                int(i.operands[1].MCID)
                for i in pikepdf.parse_content_stream(page, "BDC")
                if isinstance(i.operands[1], pikepdf.Dictionary) and "/MCID" in i.operands[1]
            }
            assert mcids == set(range(len(mapping)))
            assert all(element.objgen in in_tree for element in mapping)


def test_the_fast_path_refuses_streams_it_could_misread():
    plain = b"/Span <</MCID 0>> BDC\nBT ET\nEMC\n/P <</MCID 1>> BDC\nEMC\n"
    assert pdf_accessibility._rewrite_by_pattern(plain, {1}) == (
        b"/Span <</MCID 0>> BDC\nBT ET\nEMC\n/Artifact <</Type /Pagination>> BDC\nEMC\n",
        {1},
    )
    assert pdf_accessibility._rewrite_by_pattern(b"(/P <</MCID 1>> BDC) Tj\n" + plain, {1}) is None
    assert pdf_accessibility._rewrite_by_pattern(plain + b"BI /W 1 ID x EI\n", {1}) is None
    assert pdf_accessibility._rewrite_by_pattern(plain + plain, {1}) is None  # MCID twice
    assert pdf_accessibility._rewrite_by_pattern(plain, {2}) is None  # orphan not found


# --- c) table header scope ----------------------------------------------------------------------


def test_table_headers_get_the_scope_written_in_html():
    with pikepdf.open(io.BytesIO(fixed_pdf())) as pdf:
        headers = [element for element in reachable(pdf) if element.S == "/TH"]
        assert [(str(th.A.O), str(th.A.Scope)) for th in headers] == [
            ("/Table", "/Column"),
            ("/Table", "/Column"),
            ("/Table", "/Row"),
            ("/Table", "/Row"),
        ]


def test_the_input_headers_had_no_scope():
    with pikepdf.open(io.BytesIO(tiny_pdf())) as pdf:
        assert [("/Scope" in th.A) for th in reachable(pdf) if th.S == "/TH"] == [False] * 4


def test_every_cell_header_reference_resolves_through_the_id_tree():
    with pikepdf.open(io.BytesIO(fixed_pdf())) as pdf:
        names = pdf.Root.StructTreeRoot.IDTree.Names
        by_id = {bytes(names[i]): names[i + 1].objgen for i in range(0, len(names), 2)}
        assert list(by_id) == sorted(by_id)
        headers = [element for element in reachable(pdf) if element.S == "/TH"]
        cells = [element for element in reachable(pdf) if element.S == "/TD"]
        # "100": row 2014, column Belopp; "200": row 2015, column Belopp.
        assert [[by_id[bytes(header)] for header in cell.A.Headers] for cell in cells] == [
            [headers[2].objgen, headers[1].objgen],
            [headers[3].objgen, headers[1].objgen],
        ]


def test_output_is_byte_identical_for_identical_input():
    assert make_accessible(tiny_pdf()) == fixed_pdf()


def test_scopes_also_for_direct_rows_and_a_table_reached_twice():
    """The tree walk keeps direct elements and visits an indirect one once (WeasyPrint writes neither)."""
    pdf = pikepdf.new()

    def element(role, kids=(), indirect=True, **entries):
        node = pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name(role), K=pikepdf.Array(kids))
        for key, value in entries.items():
            node[f"/{key}"] = value
        return pdf.make_indirect(node) if indirect else node

    def header(header_id):
        return element("/TH", ID=pikepdf.String(header_id), A=pikepdf.Dictionary(O=pikepdf.Name.Table))

    column_1, column_2, row_header = header("c1"), header("c2"), header("r1")
    cell = element("/TD", A=pikepdf.Dictionary(O=pikepdf.Name.Table, Headers=pikepdf.Array(["r1", "c2"])))
    direct_row = element("/TR", [column_1, column_2], indirect=False)
    table = element("/Table", [direct_row, element("/TBody", [element("/TR", [row_header, cell])])])
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=element("/Document", [table, table]))
    )
    assert pdf_accessibility.add_table_header_scopes(pdf) == 3
    assert [str(th.A.Scope) for th in (column_1, column_2, row_header)] == ["/Column", "/Column", "/Row"]
    names = pdf.Root.StructTreeRoot.IDTree.Names
    assert [bytes(names[i]) for i in range(0, len(names), 2)] == [b"c1", b"c2", b"r1"]
    assert [names[i].objgen for i in range(1, len(names), 2)] == [
        column_1.objgen,
        column_2.objgen,
        row_header.objgen,
    ]
