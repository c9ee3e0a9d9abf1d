"""schema.org JSON-LD on the pages that show claims, parsed as a crawler would."""

import json
import re

import pytest
from django.urls import reverse

from tests.conftest import make_actor, make_claim

pytestmark = pytest.mark.django_db


def jsonld(html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_the_timeline_describes_its_claims(client, seeded):
    data = jsonld(client.get(reverse("tracker:timeline")).content.decode())
    assert data["@context"] == "https://schema.org"
    quotation = next(i for i in data["@graph"] if i["@type"] == "Quotation")
    assert quotation["author"] == {
        "@type": "Person",
        "name": "Antony Blinken",
        "url": "http://testserver/actors/antony-blinken/",
    }
    assert quotation["dateCreated"] == "2024-02-07"
    assert quotation["isBasedOn"]["@type"] == "NewsArticle"
    assert quotation["isBasedOn"]["url"] == f"http://testserver/articles/{seeded.pk}/"
    claims = [i for i in data["@graph"] if i["@type"] == "Claim"]
    assert claims and all("appearance" in c for c in claims)


@pytest.mark.parametrize("page", ["article", "actor"])
def test_article_and_actor_pages_carry_it_too(client, seeded, page):
    url = (
        seeded.get_absolute_url()
        if page == "article"
        else reverse("tracker:actor", args=["joe-biden"])
    )
    data = jsonld(client.get(url).content.decode())
    assert data["@graph"]


def test_nothing_in_the_data_can_close_the_script(client):
    speaker = make_actor("</script><script>alert(1)</script>")
    make_claim(speaker=speaker, text="“</script>” & <b>", quote="</script>")
    html = client.get(reverse("tracker:timeline")).content.decode()
    block = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[0]
    assert "<" not in block and ">" not in block
    assert json.loads(block)["@graph"][0]["author"]["name"] == "</script><script>alert(1)</script>"
