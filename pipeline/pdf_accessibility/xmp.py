"""The PDF/UA identification in the XMP: pdfuaid:part=1 and its PDF/A extension-schema description.

PDF/A allows only described schemas in the XMP, so the identification comes with its description
(ISO 14289-1 §5, the text veraPDF and Acrobat use). Without it PDF/UA-1 fails rule 5-1.
"""

from __future__ import annotations

from lxml import etree

NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
NS_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
NS_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
NS_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
PDFUA_PART = "1"
PDFUA_PART_DESCRIPTION = "Indicates, which part of ISO 14289 standard is followed"

# The extension schema PDF/A requires for pdfuaid (ISO 14289-1 §5, the text veraPDF and Acrobat use).
PDFUA_EXTENSION_SCHEMA = f"""\
<rdf:Description xmlns:rdf="{NS_RDF}" xmlns:pdfaExtension="{NS_EXTENSION}"
    xmlns:pdfaSchema="{NS_SCHEMA}" xmlns:pdfaProperty="{NS_PROPERTY}" rdf:about="">
  <pdfaExtension:schemas>
    <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>{NS_PDFUAID}</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
        <pdfaSchema:property>
          <rdf:Seq>
            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>part</pdfaProperty:name>
              <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
              <pdfaProperty:category>internal</pdfaProperty:category>
              <pdfaProperty:description>{PDFUA_PART_DESCRIPTION}</pdfaProperty:description>
            </rdf:li>
          </rdf:Seq>
        </pdfaSchema:property>
      </rdf:li>
    </rdf:Bag>
  </pdfaExtension:schemas>
</rdf:Description>"""


def with_pdfua_identification(xmp: bytes) -> bytes | None:
    """The XMP packet with pdfuaid:part and its extension schema; None if it has them already."""
    parser = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True)
    root = etree.fromstring(xmp, parser)
    rdf = root if root.tag == f"{{{NS_RDF}}}RDF" else root.find(f"{{{NS_RDF}}}RDF")
    if rdf is None:
        raise ValueError("XMP-metadata saknar rdf:RDF; kan inte lägga till PDF/UA-identifiering.")
    if rdf.xpath("//@pdfuaid:part | //pdfuaid:part", namespaces={"pdfuaid": NS_PDFUAID}):
        return None
    identification = etree.SubElement(rdf, f"{{{NS_RDF}}}Description", nsmap={"pdfuaid": NS_PDFUAID})
    identification.set(f"{{{NS_RDF}}}about", "")
    identification.set(f"{{{NS_PDFUAID}}}part", PDFUA_PART)
    schema_li = etree.fromstring(PDFUA_EXTENSION_SCHEMA).find(f".//{{{NS_RDF}}}li")
    bags = rdf.xpath(
        "./rdf:Description/pdfaExtension:schemas/rdf:Bag",
        namespaces={"rdf": NS_RDF, "pdfaExtension": NS_EXTENSION},
    )
    if bags:  # one schemas property per packet: join an existing list
        bags[0].append(schema_li)
    else:
        rdf.append(etree.fromstring(PDFUA_EXTENSION_SCHEMA))
    return etree.tostring(root.getroottree(), encoding="utf-8")
