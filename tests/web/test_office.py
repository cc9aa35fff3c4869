"""The office's tasks on the web (issue 17): milestones, ideas and challenges created, edited,
closed, deleted and restored; forms that keep the input and name the field; the audit log with
old → new values, titles, local time, filters and paging; API tokens; user administration."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from web_helpers import PASSWORD, csrf_of, sign_in

from stadtpuls.services import audit
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.programme import ideas as programme_ideas
from stadtpuls.services.programme.edit import slug


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def post_form(client, page_path: str, action: str, data: dict):
    token = csrf_of(client.get(page_path).text)
    return client.post(action, data={"csrf_token": token, **data})


def test_a_milestone_is_created_closed_deleted_and_restored(web_data):
    client = web_data.client("editor")
    created = post_form(
        client,
        "/programme/milestones/new",
        "/programme/milestones/new",
        {
            "number": "2",
            "title": "Förderbescheid eingegangen",
            "due": "2023-03-31",
            "state": "open",
        },
    )
    assert created.status_code == 303
    # the key comes from the title (umlauts spelled out), the list says what was saved
    assert created.headers["location"].startswith("/programme/milestones?saved=foerderbescheid")
    page = client.get(created.headers["location"]).text
    assert "Gespeichert: Förderbescheid eingegangen" in text_of(page)
    version = programme_entities.get_entity(
        web_data.app.state.store, None, "milestone", "foerderbescheid-eingegangen"
    ).version
    closed = post_form(
        client,
        "/programme/milestones",
        "/programme/milestones/foerderbescheid-eingegangen/close",
        {"version": str(version), "state": "reached"},
    )
    assert closed.status_code == 303
    assert "(erreicht)" in text_of(client.get("/programme/milestones").text)
    current = programme_entities.get_entity(
        web_data.app.state.store, None, "milestone", "foerderbescheid-eingegangen"
    )
    deleted = post_form(
        client,
        "/programme/milestones",
        "/programme/milestones/foerderbescheid-eingegangen/delete",
        {"version": str(current.version)},
    )
    assert (
        deleted.headers["location"] == "/programme/milestones?deleted=foerderbescheid-eingegangen"
    )
    page = client.get(deleted.headers["location"]).text
    assert "Gelöscht: Förderbescheid eingegangen." in text_of(page)
    assert "2. Förderbescheid" not in text_of(page.split('class="timeline"', 1)[1])
    undo_form = page.split('action="/programme/milestones/foerderbescheid-eingegangen/undo"', 1)[1]
    undo_form = undo_form.split("</form>", 1)[0]
    restored = client.post(
        "/programme/milestones/foerderbescheid-eingegangen/undo",
        data={"csrf_token": csrf_of(undo_form)},  # the token of the notice's own form
    )
    page = client.get(restored.headers["location"]).text
    assert "31.03.2023 – 2. Förderbescheid eingegangen" in text_of(page)


def test_a_refused_form_keeps_the_input_and_names_the_field_in_the_users_language(web_data):
    client = web_data.client("editor")
    response = post_form(
        client,
        "/programme/milestones/new",
        "/programme/milestones/new",
        {"number": "zwei", "title": "Ausschreibung veröffentlicht", "state": "open"},
    )
    assert response.status_code == 422
    html = response.text
    assert "Das hat nicht geklappt" not in html  # no separate error page
    assert '<p id="f-number-error" class="field-error">&#39;zwei&#39; ist keine Zahl</p>' in html
    assert 'value="Ausschreibung veröffentlicht"' in html  # the typed title is kept
    assert "Ausschreibung veröffentlicht" not in client.get("/programme/milestones").text
    english = client.post(
        "/programme/milestones/new?lang=en",
        data={"csrf_token": csrf_of(html), "number": "2", "title": "", "state": "open"},
    )
    assert '<label for="f-title" class="required">Title</label>' in english.text
    assert '<p id="f-title-error" class="field-error">required field missing</p>' in english.text


def test_number_fields_read_german_and_english_decimals(web_data):
    client = web_data.client("editor")
    for typed, number in (("3,0", 3), ("4.0", 4)):
        response = post_form(
            client,
            "/programme/milestones/new",
            "/programme/milestones/new",
            {"number": typed, "title": f"Meilenstein {number}", "state": "open"},
        )
        assert response.status_code == 303
        created = programme_entities.get_entity(
            web_data.app.state.store, None, "milestone", f"meilenstein-{number}"
        )
        assert created.entity.number == number


def test_an_idea_is_rated_and_becomes_a_project(web_data):
    client = web_data.client("editor")
    current = programme_entities.get_entity(web_data.app.state.store, None, "idea", "schwer")
    saved = post_form(
        client,
        "/programme/ideas/schwer/edit",
        "/programme/ideas/schwer/edit",
        {
            "version": str(current.version),
            "title": "Schwere Idee",
            "state": "idea",
            "rating-nutzen": "5",
            "rating-aufwand": "1",
        },
    )
    assert saved.status_code == 303
    scores = {s.idea.key: s for s in programme_ideas.idea_menu(web_data.app.state.store)}
    assert (scores["schwer"].benefit, scores["schwer"].complexity) == (5.0, 1.0)
    promoted = post_form(
        client,
        "/programme/ideas/schwer/edit",
        "/programme/ideas/schwer/promote",
        {"category": "pilot"},
    )
    assert promoted.headers["location"] == "/programme/items/schwere-idee?saved=true"
    item = programme_entities.get_entity(web_data.app.state.store, None, "item", "schwere-idee")
    assert (item.entity.origin_idea, item.entity.category) == ("schwer", "pilot")


def test_a_challenge_is_created_with_measures_one_per_line(web_data):
    client = web_data.client("editor")
    response = post_form(
        client,
        "/programme/challenges/new",
        "/programme/challenges/new",
        {"title": "Datenschutz klären", "owner": "Datenschutz", "measures": "Vorlage\n\nSchulung"},
    )
    assert response.status_code == 303
    page = text_of(client.get(response.headers["location"]).text)
    assert "Datenschutz klären" in page and "Vorlage Schulung" in page


def test_the_status_form_starts_from_the_last_state_and_traffic_light(web_data):
    html = web_data.client("editor").get("/programme/items/sensoren").text
    form = html.split('id="status-form"', 1)[1]
    assert '<option value="running" selected>' in form  # latest: running, at risk
    assert '<option value="at_risk" selected>' in form


def test_a_refused_status_keeps_the_comment(web_data):
    client = web_data.client("editor")
    response = post_form(
        client,
        "/programme/items/sensoren",
        "/programme/items/sensoren/status",
        {"reporting_date": "", "state": "running", "light": "at_risk", "comment": "Einbau läuft"},
    )
    assert response.status_code == 422
    assert ">Einbau läuft</textarea>" in response.text
    assert '<p id="status-reporting_date-error" class="field-error">Pflichtfeld fehlt</p>' in (
        response.text
    )
    assert "reporting_date:" not in text_of(response.text)


def test_the_audit_log_is_in_the_programme_menu_of_editors_only(web_data):
    assert 'href="/programme/audit"' in web_data.client("editor").get("/programme").text
    assert 'href="/programme/audit"' not in web_data.client("viewer").get("/programme").text


def test_the_audit_log_shows_old_and_new_values_with_titles_in_local_time(web_data):
    client = web_data.client("editor")
    current = programme_entities.get_entity(
        web_data.app.state.store, None, "milestone", "beschluss"
    )
    post_form(
        client,
        "/programme/milestones",
        "/programme/milestones/beschluss/close",
        {"version": str(current.version), "state": "dropped"},
    )
    html = client.get("/programme/audit?kind=milestone").text
    newest = text_of(html.split("<tbody>", 1)[1].split("</tr>", 1)[0])
    assert "Beschluss Stadtvertretung (Meilenstein)" in newest
    assert "geändert" in newest and "Stand: offen → entfallen" in newest
    entry = audit.audit_page(web_data.app.state.store, query=audit.AuditQuery(kind="milestone"))
    assert entry.entries[0].at.utcoffset().total_seconds() in (3600, 7200)  # CET or CEST
    english = text_of(client.get("/programme/audit?kind=milestone&lang=en").text)
    assert "Beschluss Stadtvertretung (milestone)" in english
    assert "state: open → dropped" in english


def test_local_time_is_berlin_time():
    winter = datetime(2022, 1, 10, 23, 30, tzinfo=UTC).astimezone(audit.LOCAL_TIME)
    summer = datetime(2022, 7, 10, 23, 30, tzinfo=UTC).astimezone(audit.LOCAL_TIME)
    assert (winter.day, winter.hour) == (11, 0)  # UTC+1
    assert (summer.day, summer.hour) == (11, 1)  # UTC+2


def test_the_audit_log_filters_and_pages(web_data):
    store = web_data.app.state.store
    everything = audit.audit_page(store, limit=1000)
    by_test = [e for e in everything.entries if e.author == "test"]
    page = audit.audit_page(store, query=audit.AuditQuery(author="test"), limit=3)
    assert page.total == len(by_test) and len(page.entries) == 3
    assert page.next_offset == 3 and page.previous_offset is None
    second = audit.audit_page(store, query=audit.AuditQuery(author="test"), offset=3, limit=3)
    assert [e.key for e in second.entries] == [e.key for e in by_test[3:6]]
    assert second.previous_offset == 0
    statuses = audit.audit_page(store, query=audit.AuditQuery(entry="sensoren", kind="status"))
    assert statuses.total == 2  # the two status reports of the sample
    # the newer report's old values are those of the older one
    newer = statuses.entries[0]
    changes = {c.field: (c.old, c.new) for c in newer.changes}
    assert changes["state"] == ("started", "running")
    assert changes["light"] == ("on_track", "at_risk")
    assert changes["reporting_date"] == ("2022-03-31", "2022-10-24")
    today = datetime.now(audit.LOCAL_TIME).date()
    assert audit.audit_page(store, query=audit.AuditQuery(since=today)).total == everything.total
    assert audit.audit_page(store, query=audit.AuditQuery(until=date(2000, 1, 1))).total == 0
    html = web_data.client("editor").get("/programme/audit?author=test").text
    assert (">ältere →</a>" in html) == (everything.total > audit.PAGE_SIZE)
    assert f"{page.total} Änderungen, neueste zuerst" in html


def test_an_item_shows_its_own_activity(web_data):
    html = web_data.client("viewer").get("/programme/items/sensoren").text
    feed = text_of(html.split('id="activity"', 1)[1])
    assert "Statusmeldung erfasst" in feed and "Stand: gestartet → läuft" in feed
    assert "Kennzahl angelegt" in feed  # the item's KPI belongs to its feed


def test_slug_spells_out_umlauts():
    assert slug("Digitale Bürgerdienste: Öffnungszeiten & Straßen 2023") == (
        "digitale-buergerdienste-oeffnungszeiten-strassen-2023"
    )


def test_an_api_token_is_shown_once_works_and_is_revoked(web_data):
    client = web_data.client("viewer")
    created = post_form(client, "/account", "/account/tokens", {"name": "Datenplattform"})
    assert created.headers["location"] == "/account#tokens"
    page = client.get("/account").text
    token = re.search(r'<p class="token" id="new-token">(sp_[^<]+)</p>', page).group(1)
    assert 'id="new-token"' not in client.get("/account").text  # shown once
    api = web_data.anonymous()
    api.headers["Authorization"] = f"Bearer {token}"
    assert api.get("/api/v1/me").status_code == 200
    [token_id] = re.findall(r"Datenplattform</th>.*?/account/tokens/(\d+)/revoke", page, re.S)
    revoked = post_form(client, "/account", f"/account/tokens/{token_id}/revoke", {})
    assert revoked.headers["location"] == "/account?revoked=true#tokens"
    assert api.get("/api/v1/me").status_code == 401


def test_a_token_without_a_name_is_refused_beside_the_field(web_data):
    response = post_form(web_data.client("editor"), "/account", "/account/tokens", {"name": " "})
    assert response.status_code == 400
    assert 'id="token-name-error"' in response.text


def test_the_admin_resets_a_password_and_disables_an_account(web_data):
    admin = web_data.client("admin")
    reset = post_form(
        admin, "/admin/users", "/admin/users/viewer/password", {"password": "a new long secret"}
    )
    assert reset.status_code == 303
    fresh = web_data.anonymous()
    assert sign_in(fresh, "viewer", PASSWORD).status_code != 303  # the old one no longer
    assert sign_in(fresh, "viewer", "a new long secret").headers["location"] == "/"
    post_form(admin, "/admin/users", "/admin/users/viewer", {"role": "viewer"})  # unticked
    assert "(deaktiviert)" in text_of(admin.get("/admin/users").text)


def test_a_new_user_with_a_short_password_keeps_the_name(web_data):
    response = post_form(
        web_data.client("admin"),
        "/admin/users",
        "/admin/users",
        {"username": "stabsstelle", "password": "kurz", "role": "editor"},
    )
    assert response.status_code == 422
    assert 'value="stabsstelle"' in response.text
    assert '<p id="new-password-error" class="field-error">Das Passwort ist zu kurz' in (
        response.text
    )
    assert '<option value="editor" selected>Bearbeiter</option>' in response.text
