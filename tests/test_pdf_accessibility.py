"""pipeline.pdf_accessibility, WeasyPrint's finisher, on a two-page tagged PDF/A-3a rendered in the
test (read back with pikepdf and pypdf, as any reader would).

Fast (no Java): the veraPDF run on the same kind of PDF is tests/test_verapdf.py.
"""

from __future__ import annotations

import functools
import io

import pikepdf
import pydyf
import pytest
from lxml import etree
from pypdf import PdfReader

from pipeline import pdf_accessibility
from pipeline.pdf_accessibility import finisher, make_accessible

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


def render(finish=None, variant: str = "pdf/a-3a") -> bytes:
    """Two pages, a running header and footer, a table with column and row headers."""
    from weasyprint import HTML

    return HTML(string=TINY_HTML).write_pdf(
        pdf_variant=variant, pdf_tags=variant != "pdf/a-3b", finisher=finish
    )


@functools.lru_cache(maxsize=1)
def tiny_pdf() -> bytes:
    """WeasyPrint's own output: what the module repairs."""
    return render()


@functools.lru_cache(maxsize=1)
def fixed_pdf() -> bytes:
    return render(finisher)


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
    """Every structure element under the StructTreeRoot, depth first, each once."""
    found, seen = [], set()

    def kids(node):
        value = node.get("/K")
        return [] if value is None else list(value) if isinstance(value, pikepdf.Array) else [value]

    stack = list(reversed(kids(pdf.Root.StructTreeRoot)))
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and "/S" in node and node.objgen not in seen:
            seen.add(node.objgen)
            found.append(node)
            stack.extend(reversed(kids(node)))
    return found


# --- a) XMP -------------------------------------------------------------------------------------


def test_xmp_gets_pdfua_part_1_beside_pdfa_3a():
    with pikepdf.open(io.BytesIO(fixed_pdf())) as pdf:
        xmp = xmp_tree(pdf)
    assert xmp.xpath("//@pdfuaid:part", namespaces=NS) == ["1"]
    assert xmp.xpath("//@pdfaid:part", namespaces=NS) == ["3"]
    assert xmp.xpath("//@pdfaid:conformance", namespaces=NS) == ["A"]


def test_the_xmp_packet_is_written_unfiltered():
    with pikepdf.open(io.BytesIO(fixed_pdf())) as pdf:
        assert "/Filter" not in pdf.Root.Metadata
        assert b"pdfuaid:part" in pdf.Root.Metadata.read_raw_bytes()


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


def test_running_twice_changes_nothing_the_first_run_did_not():
    def twice(document, pdf):
        make_accessible(pdf)
        make_accessible(pdf)

    assert render(twice) == fixed_pdf()


def test_an_existing_extension_schema_list_is_joined_not_duplicated():
    other = f"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{NS["rdf"]}">
<rdf:Description rdf:about="" xmlns:pdfaExtension="{NS["pdfaExtension"]}"
  xmlns:pdfaSchema="{NS["pdfaSchema"]}"><pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:prefix>annan</pdfaSchema:prefix></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>
</rdf:RDF></x:xmpmeta>"""
    xmp = etree.fromstring(pdf_accessibility.xmp.with_pdfua_identification(other.encode()))
    assert len(xmp.xpath("//pdfaExtension:schemas", namespaces=NS)) == 1
    assert [
        li.findtext("pdfaSchema:prefix", namespaces=NS)
        for li in xmp.xpath("//pdfaExtension:schemas/rdf:Bag/rdf:li", namespaces=NS)
    ] == ["annan", "pdfuaid"]


def test_a_pdf_without_xmp_is_refused_in_swedish():
    def without_xmp(document, pdf):
        del pdf.catalog["Metadata"]
        finisher(document, pdf)

    with pytest.raises(ValueError, match="saknar XMP-metadata"):
        render(without_xmp)


def test_an_untagged_pdf_is_not_labelled_pdfua():
    with pytest.raises(ValueError, match="saknar taggar"):
        render(finisher, variant="pdf/a-3b")


# --- b) running headers and footers -------------------------------------------------------------


def test_weasyprint_tags_headers_and_footers_as_content():
    """The defect the module repairs, pinned so the next test proves a change."""
    assert ("Sidhuvud", False) in texts_and_artifact_flags(tiny_pdf())


def test_headers_and_footers_become_artifacts_and_nothing_else():
    data = fixed_pdf()
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


def test_no_structure_element_is_left_outside_the_tree():
    with pikepdf.open(io.BytesIO(fixed_pdf())) as pdf:
        elements = [
            o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"
        ]
        assert len(elements) == len(reachable(pdf))
    with pikepdf.open(io.BytesIO(tiny_pdf())) as pdf:  # the input had some: the test can fail
        elements = [
            o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"
        ]
        assert len(elements) > len(reachable(pdf))


def test_an_orphan_not_found_in_its_page_is_an_error_not_a_silent_gap():
    def flattened_pages(document, pdf):  # as if pydyf wrote each page as one block of bytes
        for reference in pdf.page_references:
            content = pdf_accessibility.resolve(pdf, pdf_accessibility.resolve(pdf, reference)["Contents"])
            content.stream = [b"\n".join(pydyf._to_bytes(item) for item in content.stream)]
        finisher(document, pdf)

    with pytest.raises(
        ValueError, match=r"Sida 1: .* \(MCID \d+(, \d+)*\) .* kunde inte märkas som artefakt"
    ):
        render(flattened_pages)


def test_only_the_orphans_marked_content_is_rewritten_and_only_where_pydyf_wrote_it():
    items = ["/Span", pydyf.Dictionary({"MCID": 0}), b"BDC", b"BT ET", b"EMC"]
    items += ["/P", pydyf.Dictionary({"MCID": 1}), b"BDC", b"EMC", b"(/P <</MCID 2>> BDC) Tj"]
    assert pdf_accessibility._mark_as_artifacts(items, {1, 2}) == {1}
    assert [pydyf._to_bytes(item) for item in items] == [
        b"/Span",
        b"<</MCID 0>>",
        b"BDC",
        b"BT ET",
        b"EMC",
        b"/Artifact",
        b"<</Type /Pagination>>",
        b"BDC",
        b"EMC",
        b"(/P <</MCID 2>> BDC) Tj",
    ]


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
    assert render(finisher) == fixed_pdf()


def test_scopes_also_for_direct_rows_and_a_table_reached_twice():
    """The tree walk keeps direct elements and visits an indirect one once (WeasyPrint writes neither)."""
    pdf = pydyf.PDF()

    def element(role, kids=(), indirect=True, **entries):
        node = pydyf.Dictionary({"Type": "/StructElem", "S": role, "K": pydyf.Array(kids), **entries})
        if indirect:
            pdf.add_object(node)
        return node

    def ref(node):
        return node.reference

    def header(header_id):
        return element("/TH", ID=pydyf.String(header_id), A=pydyf.Dictionary({"O": "/Table"}))

    column_1, column_2, row_header = header("c1"), header("c2"), header("r1")
    headers = pydyf.Array([pydyf.String("r1"), pydyf.String("c2")])
    cell = element("/TD", A=pydyf.Dictionary({"O": "/Table", "Headers": headers}))
    direct_row = element("/TR", [ref(column_1), ref(column_2)], indirect=False)
    body = element("/TBody", [ref(element("/TR", [ref(row_header), ref(cell)]))])
    table = element("/Table", [direct_row, ref(body)])
    root = pydyf.Dictionary(
        {"Type": "/StructTreeRoot", "K": ref(element("/Document", [ref(table), ref(table)]))}
    )
    tree = pdf_accessibility.StructTree(pdf, root)
    assert pdf_accessibility.add_table_header_scopes(pdf, tree) == 3
    assert [th["A"]["Scope"] for th in (column_1, column_2, row_header)] == ["/Column", "/Column", "/Row"]
    names = pdf.objects[int(root["IDTree"].split()[0])]["Names"]
    assert [pydyf._to_bytes(item) for item in names] == [
        b"(c1)",
        column_1.reference,
        b"(c2)",
        column_2.reference,
        b"(r1)",
        row_header.reference,
    ]


FOOTER_LINK_HTML = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Länk i sidfoten</title>
<style>
  @page { size: A6; margin: 20mm 10mm; font-family: DejaVu Sans;
          @bottom-center { content: element(foot); } }
  html { font-family: DejaVu Sans; }
  footer { position: running(foot); }
</style></head>
<body><footer><p>Se <a href="https://example.org/">källan</a> här</p></footer><h1>Rubrik</h1></body></html>
"""


def references_to_emptied_objects(data: bytes) -> int:
    """How many entries of the file's objects name an empty dictionary (an emptied element)."""
    count = 0
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                values = list(obj.values())
            elif isinstance(obj, pikepdf.Array):
                values = list(obj)
            else:
                continue
            for value in values:
                for item in list(value) if isinstance(value, pikepdf.Array) else [value]:
                    count += isinstance(item, pikepdf.Dictionary) and item.is_indirect and not item.keys()
    return count


def test_a_link_in_a_running_footer_keeps_every_element_it_reaches():
    """The link's annotation still names its element (in the ParentTree), so that element, its
    parents and their kids stay whole; only the footer's text becomes an artifact."""
    from weasyprint import HTML

    data = HTML(string=FOOTER_LINK_HTML).write_pdf(pdf_variant="pdf/a-3a", pdf_tags=True, finisher=finisher)
    assert references_to_emptied_objects(data) == 0
    assert [text for text, artifact in texts_and_artifact_flags(data) if not artifact] == ["Rubrik"]
