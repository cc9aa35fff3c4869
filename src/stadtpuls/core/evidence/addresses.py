"""Which web addresses the crawler may fetch: public ones only (server-side request forgery).

Editors register a city's website and the crawler fetches it from the server, inside the
city's network. Without a check an editor could make it read the cloud metadata service
(``169.254.169.254``), an intranet server or ``localhost`` and store the answer as a page.

Two checks, one policy:

* :func:`url_problem` when a site is registered and again for every request the crawler sends
  (redirects, robots.txt and sitemaps included): ``http``/``https`` only, no user name or
  password in the URL, the standard port only, no address literal that is not public, no host
  name that only a local network knows (``localhost``, ``*.local``, ``*.internal`` …);
* :func:`address_problem` when a host name has been resolved, at connect time: the address the
  crawler is about to connect to must be public.

``allowed`` networks are an explicit exception for one crawl (the tests' and the demo's sites
on 127.0.0.0/8); production runs have none.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from stadtpuls.i18n import tr

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LOCAL_SUFFIXES = (
    ".localhost",
    ".local",
    ".internal",
    ".intranet",
    ".lan",
    ".home",
    ".corp",
    ".home.arpa",
    ".localdomain",
)
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]+|[0-9.]+)$", re.IGNORECASE)


def networks(texts: Iterable[str]) -> tuple[Network, ...]:
    """The networks named by ``texts`` (``127.0.0.0/8``, ``::1/128``)."""
    return tuple(ipaddress.ip_network(text, strict=False) for text in texts)


def address_problem(address: str, allowed: tuple[Network, ...] = ()) -> str | None:
    """Why the crawler must not connect to ``address`` (an IP address), or None."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return tr(f"keine IP-Adresse: '{address}'", f"not an IP address: '{address}'")
    if any(ip in network for network in allowed if network.version == ip.version):
        return None
    mapped = getattr(ip, "ipv4_mapped", None) or getattr(ip, "sixtofour", None)
    if mapped is not None:
        return address_problem(str(mapped), allowed)
    if ip.is_global and not ip.is_multicast:
        return None
    return tr(
        f"Adresse {ip} ist nicht öffentlich (lokales, privates oder reserviertes Netz)",
        f"address {ip} is not public (local, private or reserved network)",
    )


def url_problem(url: str, allowed: tuple[Network, ...] = ()) -> str | None:
    """Why ``url`` may not be registered or fetched, or None."""
    text = url.strip()
    parts = urlsplit(text)
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in _DEFAULT_PORTS or not host or any(c.isspace() for c in text):
        return tr(
            f"keine Web-Adresse (http:// oder https://): '{url}'",
            f"not a web address (http:// or https://): '{url}'",
        )
    if "@" in parts.netloc:
        return tr(
            "Benutzername oder Passwort in der Adresse sind nicht erlaubt",
            "a user name or password in the address is not allowed",
        )
    try:
        port = parts.port
    except ValueError:
        return tr(f"ungültiger Port in '{url}'", f"invalid port in '{url}'")
    literal = _literal(host)
    if literal is not None:
        problem = address_problem(literal, allowed)
        if problem or port is None or any(ipaddress.ip_address(literal) in n for n in allowed):
            return problem
    elif host == "localhost" or host.endswith(_LOCAL_SUFFIXES) or "." not in host:
        return tr(
            f"'{host}' ist kein öffentlicher Rechnername",
            f"'{host}' is not a public host name",
        )
    elif _NUMERIC_HOST.match(host):
        return tr(
            f"'{host}' ist eine verschlüsselte IP-Adresse, kein Rechnername",
            f"'{host}' is an encoded IP address, not a host name",
        )
    if port not in (None, _DEFAULT_PORTS[parts.scheme]):
        return tr(
            f"nur der Standard-Port ist erlaubt (80 für http, 443 für https), nicht {port}",
            f"only the standard port is allowed (80 for http, 443 for https), not {port}",
        )
    return None


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None
