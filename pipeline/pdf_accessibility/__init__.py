"""Accessibility fixes to WeasyPrint's tagged PDF/A-3a, so it also passes PDF/UA-1 (veraPDF).

`finisher` is WeasyPrint's own hook for this (`write_pdf(finisher=...)`): it edits the pydyf PDF
WeasyPrint has built, just before the file is written. Nothing is parsed or saved a second time;
the pikepdf re-open and re-save this replaces took about 0.6 s of a 56-page report's render.
It repairs what WeasyPrint 70 leaves out (stack-notes.md; upstream Kozea/WeasyPrint #2467, #1784):

- XMP: the PDF/UA identification pdfuaid:part=1, and its PDF/A extension-schema description
  (PDF/A allows only described schemas). Without it PDF/UA-1 fails ISO 14289-1 rule 5-1.
- Running headers and footers (@page margin boxes): WeasyPrint marks their text as content
  (/Span with an MCID) but hangs the structure elements nowhere in the tree, so a screen reader
  may read "Sida 3 av 67" on every page. Every MCID whose structure element is not reachable from
  the StructTreeRoot becomes /Artifact << /Type /Pagination >> and leaves the ParentTree; the
  structure elements nothing refers to any more are emptied (pydyf writes every object it holds).
- Table header cells: WeasyPrint writes no /Scope. The scope is recovered from WeasyPrint's own
  /Headers lists (which it built from the HTML scope): a TH referred to only by cells in its own
  row is a row header, otherwise a column header. An IDTree is added so /Headers resolve.

The same document gives the same bytes: the fixes depend on nothing but the PDF. The XMP fix is
in xmp.py; the structure tree and the other two fixes are here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pydyf

from .xmp import (
    NS_EXTENSION,
    NS_PDFUAID,
    NS_PROPERTY,
    NS_RDF,
    NS_SCHEMA,
    PDFUA_EXTENSION_SCHEMA,
    with_pdfua_identification,
)

REFERENCE = re.compile(rb"(\d+) (\d+) R")
ROW_GROUPS = ("/THead", "/TBody", "/TFoot")
CELLS = ("/TD", "/TH")
NULL = "null"  # pydyf writes a str as it is; Python's None would come out as "None"


def finisher(document, pdf: pydyf.PDF) -> None:
    """For WeasyPrint's write_pdf(finisher=...): make its PDF/A-3a PDF/UA-1 as well, in place."""
    make_accessible(pdf)


def make_accessible(pdf: pydyf.PDF) -> None:
    """Add the PDF/UA identification, mark page furniture as artifacts and scope table headers."""
    root = resolve(pdf, pdf.catalog.get("StructTreeRoot"))
    if not isinstance(root, dict):
        # Claiming PDF/UA for an untagged file would be false: refuse rather than mislabel.
        raise ValueError("PDF:en saknar taggar (/StructTreeRoot); rendera den med pdf_tags=True.")
    add_pdfua_identification(pdf)
    tree = StructTree(pdf, root)
    mark_untagged_content_as_artifacts(pdf, tree)
    add_table_header_scopes(pdf, tree)


def add_pdfua_identification(pdf: pydyf.PDF) -> bool:
    """Add pdfuaid:part and its extension schema to the XMP stream; False if it was already there."""
    metadata = resolve(pdf, pdf.catalog.get("Metadata"))
    if not isinstance(metadata, pydyf.Stream):
        raise ValueError("PDF:en saknar XMP-metadata (/Metadata); skriv den som PDF/A först.")
    # WeasyPrint writes the packet as one bytes item; pydyf joins items with newlines.
    packet = b"\n".join(item.encode("utf-8") if isinstance(item, str) else item for item in metadata.stream)
    identified = with_pdfua_identification(packet)
    if identified is None:
        return False
    metadata.stream = [identified]
    metadata.compress = False  # unfiltered, so XMP readers that scan the file find the packet
    return True


# --- Structure tree ----------------------------------------------------------------------------
#
# pydyf holds the PDF as Python objects: dictionaries and arrays (dict and list subclasses), and
# indirect references as bytes (b"12 0 R") that index pdf.objects. Structure elements are told
# apart by identity, as the same Python object is the same PDF object.


def resolve(pdf: pydyf.PDF, value):
    """The object a reference (b"12 0 R") names; any other value as it is."""
    if isinstance(value, bytes) and (match := REFERENCE.fullmatch(value)):
        number = int(match.group(1))
        return pdf.objects[number] if number < len(pdf.objects) else None
    return value


def _as_list(value) -> list:
    """A /K or /A entry as a list: an array's items, one value, or nothing."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _is_struct_elem(node) -> bool:
    return isinstance(node, dict) and "S" in node


class StructTree:
    """The structure elements reachable from the StructTreeRoot: in reading order, each once."""

    def __init__(self, pdf: pydyf.PDF, root: dict) -> None:
        self.pdf, self.root = pdf, root
        self.elements: list[dict] = []
        self.reachable: set[int] = set()  # id() of every element in self.elements
        stack = list(reversed(_as_list(root.get("K"))))
        while stack:
            node = resolve(pdf, stack.pop())
            if not _is_struct_elem(node) or id(node) in self.reachable:
                continue
            self.reachable.add(id(node))
            self.elements.append(node)
            stack.extend(reversed(_as_list(node.get("K"))))

    def children(self, element: dict) -> list[dict]:
        """The structure elements among an element's /K entries, in order."""
        kids = (resolve(self.pdf, kid) for kid in _as_list(element.get("K")))
        return [kid for kid in kids if _is_struct_elem(kid)]


def _number_tree_items(pdf: pydyf.PDF, node, depth: int = 0) -> Iterator[tuple[int, object]]:
    """(key, value) of a number tree (flat /Nums or /Kids), in order."""
    node = resolve(pdf, node)
    if depth > 32 or not isinstance(node, dict):  # a cycle or a broken tree: stop
        return
    entries = _as_list(node.get("Nums"))
    for index in range(0, len(entries) - 1, 2):
        yield int(entries[index]), resolve(pdf, entries[index + 1])
    for kid in _as_list(node.get("Kids")):
        yield from _number_tree_items(pdf, kid, depth + 1)


# --- Page furniture as artifacts ---------------------------------------------------------------


def _pages(pdf: pydyf.PDF) -> Iterator[dict]:
    for reference in pdf.page_references:
        page = resolve(pdf, reference)
        if isinstance(page, dict):
            yield page


def _mark_as_artifacts(items: list, orphans: set[int]) -> set[int]:
    """Rewrite `/Tag <</MCID n>> BDC` to `/Artifact <</Type /Pagination>> BDC` for every n in
    orphans, in a content stream's items as pydyf holds them (tag, property list, operator);
    return the MCIDs rewritten."""
    done: set[int] = set()
    for index in range(1, len(items) - 1):
        properties = items[index]
        if (
            isinstance(properties, dict)
            and properties.keys() == {"MCID"}
            and properties["MCID"] in orphans
            and items[index + 1] == b"BDC"
            and isinstance(items[index - 1], str)
        ):
            items[index - 1] = "/Artifact"
            items[index] = pydyf.Dictionary({"Type": "/Pagination"})
            done.add(properties["MCID"])
    return done


def mark_untagged_content_as_artifacts(pdf: pydyf.PDF, tree: StructTree) -> int:
    """Turn marked content whose structure element hangs outside the tree into pagination artifacts.

    Returns how many marked-content sequences were converted; they leave the ParentTree. An
    orphan this cannot find in its page's content stream is an error, not a silent PDF/UA gap:
    it means WeasyPrint or pydyf now writes pages differently (both are pinned in pyproject.toml).
    """
    parent_tree = resolve(pdf, tree.root.get("ParentTree"))
    if parent_tree is None:
        return 0
    parents = dict(_number_tree_items(pdf, parent_tree))
    converted = 0
    for page_number, page in enumerate(_pages(pdf), start=1):
        mapping = parents.get(page.get("StructParents"))
        if not isinstance(mapping, list):
            continue
        orphans = {
            mcid
            for mcid, reference in enumerate(mapping)
            if _is_struct_elem(element := resolve(pdf, reference)) and id(element) not in tree.reachable
        }
        if not orphans:
            continue
        content = resolve(pdf, page.get("Contents"))
        done = _mark_as_artifacts(content.stream, orphans) if isinstance(content, pydyf.Stream) else set()
        if done != orphans:
            raise ValueError(
                f"Sida {page_number}: sidhuvudets eller sidfotens innehåll (MCID "
                f"{', '.join(map(str, sorted(orphans - done)))}) hittades inte i sidans innehållsström "
                "och kunde inte märkas som artefakt; WeasyPrint eller pydyf skriver sidor på ett nytt sätt."
            )
        for mcid in done:
            mapping[mcid] = NULL
        while mapping and mapping[-1] == NULL:  # trailing entries: drop
            mapping.pop()
        converted += len(done)
    _empty_unreferenced_elements(pdf, tree, parents.values())
    return converted


def _empty_unreferenced_elements(pdf: pydyf.PDF, tree: StructTree, parent_tree_values) -> None:
    """Empty every structure element nothing written refers to any more: pikepdf's save dropped
    such objects; pydyf writes every object it was given.

    Kept: the tree, whatever the ParentTree still names (a link annotation's element, say), and
    everything those reach through /K (kids) and /P (parents), so no kept entry names an emptied one.
    """
    kept = set(tree.reachable)
    stack = [resolve(pdf, entry) for value in parent_tree_values for entry in _as_list(value)]
    while stack:
        element = stack.pop()
        if not _is_struct_elem(element) or id(element) in kept:
            continue
        kept.add(id(element))
        stack.append(resolve(pdf, element.get("P")))
        stack.extend(resolve(pdf, kid) for kid in _as_list(element.get("K")))
    for candidate in pdf.objects:
        if (
            isinstance(candidate, dict)
            and candidate.get("Type") == "/StructElem"
            and id(candidate) not in kept
        ):
            candidate.clear()


# --- Table header scope ------------------------------------------------------------------------


def _table_rows(tree: StructTree, table: dict) -> list[dict]:
    """The table's TR elements in reading order (directly or inside THead/TBody/TFoot)."""
    rows = []
    for kid in tree.children(table):
        if kid["S"] == "/TR":
            rows.append(kid)
        elif kid["S"] in ROW_GROUPS:
            rows.extend(row for row in tree.children(kid) if row["S"] == "/TR")
    return rows


def _key(value) -> bytes | None:
    """A structure element /ID or a /Headers entry as bytes (WeasyPrint writes pydyf Strings)."""
    if isinstance(value, pydyf.String):
        value = value.string
    if isinstance(value, str):
        return value.encode("utf-8")
    return value if isinstance(value, bytes) else None


def _attribute_dicts(element: dict) -> list[dict]:
    return [candidate for candidate in _as_list(element.get("A")) if isinstance(candidate, dict)]


def _table_attributes(element: dict) -> dict:
    """The element's /Table attribute dictionary, created if missing."""
    for candidate in _attribute_dicts(element):
        if candidate.get("O") == "/Table":
            return candidate
    created = pydyf.Dictionary({"O": "/Table"})
    attributes = element.get("A")
    if attributes is None:
        element["A"] = created
    elif isinstance(attributes, list):
        attributes.append(created)
    else:
        element["A"] = pydyf.Array([attributes, created])
    return created


def _cell_span_and_headers(cell: dict) -> tuple[int, list[bytes]]:
    """The cell's /RowSpan (at least 1) and /Headers ids, each from the first attribute dict with it."""
    span, headers = None, None
    for candidate in _attribute_dicts(cell):
        if span is None and "RowSpan" in candidate:
            span = max(int(candidate["RowSpan"]), 1)
        if headers is None and "Headers" in candidate:
            headers = [key for key in map(_key, _as_list(candidate["Headers"])) if key is not None]
    return span or 1, headers or []


def add_table_header_scopes(pdf: pydyf.PDF, tree: StructTree) -> int:
    """Give every TH a /Scope (/Row or /Column) and the tree an IDTree; return how many TH."""
    scoped = 0
    for table in (element for element in tree.elements if element["S"] == "/Table"):
        cells = [
            [cell for cell in tree.children(row) if cell["S"] in CELLS] for row in _table_rows(tree, table)
        ]
        header_rows: dict[bytes, int] = {}  # TH id -> index of its row
        header_cells: list[tuple[dict, bytes | None]] = []
        for row_index, row_cells in enumerate(cells):
            for cell in (c for c in row_cells if c["S"] == "/TH"):
                header_id = _key(cell.get("ID"))
                if header_id is not None:
                    header_rows[header_id] = row_index
                header_cells.append((cell, header_id))
        only_own_row: dict[bytes, bool] = {}  # TH id -> every cell referring to it spans its row
        for row_index, row_cells in enumerate(cells):
            for cell in row_cells:
                span, headers = _cell_span_and_headers(cell)
                spanned = range(row_index, row_index + span)
                for header_id in headers:
                    if header_id in header_rows:
                        only_own_row[header_id] = (
                            only_own_row.get(header_id, True) and header_rows[header_id] in spanned
                        )
        for cell, header_id in header_cells:
            # WeasyPrint lists a scope="row" header only for the cells of its row, any other
            # header (scope="col" or none) for the cells below it; unreferred: column, as in HTML.
            is_row = header_id is not None and only_own_row.get(header_id, False)
            _table_attributes(cell)["Scope"] = "/Row" if is_row else "/Column"
            scoped += 1
    identified = {key: element for element in tree.elements if (key := _key(element.get("ID"))) is not None}
    if identified and "IDTree" not in tree.root:
        # Required when elements carry /ID (ISO 32000-1 14.7.2), so /Headers can be resolved;
        # a name tree's keys are sorted by their bytes.
        names = pydyf.Array()
        for key in sorted(identified):
            names += [pydyf.String(key.decode("utf-8")), _reference(pdf, identified[key])]
        id_tree = pydyf.Dictionary({"Names": names})
        pdf.add_object(id_tree)
        tree.root["IDTree"] = id_tree.reference
    return scoped


def _reference(pdf: pydyf.PDF, element: dict):
    """How to point at an element: its reference if it is an indirect object, else itself."""
    number = getattr(element, "number", None)
    if number is not None and number < len(pdf.objects) and pdf.objects[number] is element:
        return element.reference
    return element


__all__ = [
    "NS_EXTENSION",
    "NS_PDFUAID",
    "NS_PROPERTY",
    "NS_RDF",
    "NS_SCHEMA",
    "PDFUA_EXTENSION_SCHEMA",
    "StructTree",
    "add_pdfua_identification",
    "add_table_header_scopes",
    "finisher",
    "make_accessible",
    "mark_untagged_content_as_artifacts",
]
