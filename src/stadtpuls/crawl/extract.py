"""HTML to :class:`~stadtpuls.core.evidence.model.Page`: visible text, headings, links.

The text keeps the page's block structure (one block element per line), so the matcher can split
sentences without gluing a menu entry to the paragraph after it. Soft hyphens (``&shy;``, common
in German CMS output) are removed; scripts, styles and templates are not text.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urldefrag, urljoin

import lxml.html
from lxml import etree

from stadtpuls.core.evidence.model import Link, Page

_INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg", "head"})
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "title",
        "option",
        "button",
        "label",
    }
)
_HEADINGS = ("h1", "h2", "h3")
_NOT_FOLLOWED = ("javascript:", "mailto:", "tel:", "data:", "#")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2009\u202f]+")
_SOFT_HYPHEN = "\u00ad"
_BREAK = "\n"  # source newlines are turned into spaces first, so this marks block edges only


def page_from_html(
    html: str, url: str, *, status: int = 200, fetched_at: datetime | None = None
) -> Page:
    """The page at ``url`` (its final URL, after redirects) as evidence matching reads it."""
    root = _parse(html)
    if root is None:
        return Page(url=url, title="", text="", fetched_at=fetched_at, status=status)
    base = _base_url(root, url)
    headings = tuple(h for h in (_clean(e.text_content()) for e in root.iter(*_HEADINGS)) if h)
    title = _title(root, headings)
    links = tuple(_links(root, base))
    return Page(
        url=url,
        title=title,
        text=visible_text(root),
        links=links,
        headings=headings,
        fetched_at=fetched_at,
        status=status,
    )


def _parse(html: str) -> etree._Element | None:
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):  # empty document, or an XML declaration in str
        try:
            return lxml.html.document_fromstring(html.encode("utf-8"))
        except (etree.ParserError, ValueError):
            return None


def visible_text(root: etree._Element) -> str:
    """The visible text, one line per block element, whitespace collapsed.

    Removes scripts, styles, comments and the head from ``root`` (read title and links first).
    """
    etree.strip_elements(
        root, *_INVISIBLE, etree.Comment, etree.ProcessingInstruction, with_tail=False
    )
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if element.tag in _BLOCKS:
            parts.append(_BREAK)
        text = element.text if event == "start" else element.tail
        if text:
            parts.append(text.replace("\n", " "))  # a newline in the source is a space
    lines = (_clean(line) for line in "".join(parts).split(_BREAK))
    return "\n".join(line for line in lines if line)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace(_SOFT_HYPHEN, "")).strip()


def _title(root: etree._Element, headings: tuple[str, ...]) -> str:
    title = root.find(".//title")
    text = _clean(title.text_content()) if title is not None else ""
    return text or (headings[0] if headings else "")


def _base_url(root: etree._Element, url: str) -> str:
    base = root.find(".//base[@href]")
    return urljoin(url, base.get("href").strip()) if base is not None else url


def _links(root: etree._Element, base: str) -> list[Link]:
    links: list[Link] = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.lower().startswith(_NOT_FOLLOWED):
            continue
        target = urldefrag(urljoin(base, href))[0]
        text = _clean(anchor.text_content()) or _clean(
            anchor.get("aria-label") or anchor.get("title") or ""
        )
        links.append(Link(href=target, anchor=text))
    return links
