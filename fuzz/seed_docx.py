"""Writes a DOCX file per seed report into DIR: paragraphs for the text,
one Word table for each run of lines that hold tabs (a row per line, a
cell per tab-separated field). Usage: seed_docx.py DIR SEED.txt..."""
import os
import sys
import zipfile
from xml.sax.saxutils import escape

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def para(text):
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"


def body(lines):
    out, table = [], []
    for line in lines + [""]:
        if "\t" in line:
            table.append(line.split("\t"))
            continue
        if table:
            rows = "".join("<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>" for row in table)
            out.append(f"<w:tbl>{rows}</w:tbl>")
            table = []
        out.append(para(line))
    return "".join(out)


def main():
    target, seeds = sys.argv[1], sys.argv[2:]
    for seed in seeds:
        with open(seed, encoding="utf-8") as f:
            lines = f.read().splitlines()
        document = ('<?xml version="1.0" encoding="UTF-8"?><w:document '
                    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                    f"<w:body>{body(lines)}</w:body></w:document>")
        name = os.path.join(target, os.path.basename(seed) + ".docx")
        with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", CONTENT_TYPES)
            z.writestr("_rels/.rels", RELS)
            z.writestr("word/document.xml", document)


main()
