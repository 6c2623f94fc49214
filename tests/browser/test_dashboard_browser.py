"""The dashboard in a real headless browser (Debian chromium via Playwright) over the real broker:
alerts published to the topic appear in the feed and on the map without a reload, the detail
shows history, merges and highlighted evidence, filters are URLs, and a phone-sized screen works.
Screenshots go to artifacts/."""

from __future__ import annotations

import time

from services.common.codec import encode
from tests.browser.scenario import events, report, utcnow

FEED_ITEM = '#feed li[data-alert-id="{}"]'


def _open(browser, url: str, **context):
    page = browser.new_context(**context).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", timeout=15_000)
    page.wait_for_selector("#status[data-state=live]", timeout=15_000)
    return page, errors


def _watch(page, alert_id: str, sequence: int) -> None:
    """Record in the page the wall-clock time the feed first shows this alert version."""
    page.evaluate("""([id, seq]) => {
      window.__seen = window.__seen || {};
      const key = id + ':' + seq;
      const check = () => {
        if (document.querySelector(`#feed li[data-alert-id="${id}"][data-sequence="${seq}"]`)
            && !window.__seen[key]) window.__seen[key] = Date.now();
      };
      new MutationObserver(check).observe(document.getElementById('feed'),
        {childList: true, subtree: true, attributes: true});
      check();
    }""", [alert_id, sequence])


def _latency(page, alert_id: str, sequence: int, sent_at: float) -> float:
    page.wait_for_selector(f'{FEED_ITEM.format(alert_id)}[data-sequence="{sequence}"]',
                           timeout=10_000)
    seen_ms = page.evaluate("k => window.__seen[k]", f"{alert_id}:{sequence}")
    return seen_ms / 1000 - sent_at


def test_live_alert_appears_on_feed_and_map_and_opens_its_detail(
        browser, start_dashboard, send, artifacts):
    url = start_dashboard()
    now = utcnow()
    first, second = events("alert-live", "rep-live", now)
    send("reports", b"rep-live", encode(report("rep-live", now)))
    page, errors = _open(browser, url, viewport={"width": 1280, "height": 800})
    assert page.locator("#layer-base path").count() >= 14  # Syria's governorates, offline
    assert page.locator('#layer-zones path[data-zone-id="idlib-dmz-2018"]').count() == 1
    assert page.locator("#feed li").count() == 0

    _watch(page, "alert-live", 1)
    sent_at = time.time()
    send("alerts", b"alert-live", encode(first))
    latency = _latency(page, "alert-live", 1, sent_at)
    print(f"first message on screen {latency * 1000:.0f} ms after the broker's ack")
    assert latency < 1.0
    marker = page.locator('#layer-markers circle[data-alert-id="alert-live"]')
    assert marker.count() == 1 and marker.get_attribute("data-severity") == "high"

    _watch(page, "alert-live", 2)
    sent_at = time.time()
    send("alerts", b"alert-live", encode(second))
    latency = _latency(page, "alert-live", 2, sent_at)
    print(f"update on screen {latency * 1000:.0f} ms after the broker's ack")
    assert latency < 1.0
    assert page.locator("#feed li").count() == 1  # an update replaces its alert's row
    assert page.locator('#layer-markers circle[data-alert-id="alert-live"]').count() == 2

    page.screenshot(path=str(artifacts / "dashboard-feed.png"))

    page.click(FEED_ITEM.format("alert-live"))
    page.wait_for_selector('#detail[data-alert-id="alert-live"][data-sequence="2"]:not([hidden])')
    detail = page.locator("#detail")
    assert detail.locator("#history > li").count() == 2
    assert "fatalities.total: 3 → 5" in detail.locator("#history").inner_text()
    assert "0.4 km apart" in detail.locator("#merges").inner_text()
    assert detail.locator("#sources li").count() == 2
    text = detail.locator('.report-text[data-report-id="rep-live"]')
    assert "40,000 people" in text.inner_text()  # the whole report text, from the reports topic
    fields = {m.get_attribute("data-field") for m in text.locator("mark").all()}
    assert fields == {"event_type", "target", "location", "fatalities"}
    assert page.locator("#layer-markers circle.selected").count() == 2
    assert "alert=alert-live" in page.url
    page.screenshot(path=str(artifacts / "dashboard-desktop.png"))
    detail.locator(".evidence").first.scroll_into_view_if_needed()
    detail.screenshot(path=str(artifacts / "dashboard-detail.png"))
    assert errors == []


def test_filtered_view_is_a_shareable_url_and_works_on_a_phone(
        browser, start_dashboard, send, artifacts):
    url = start_dashboard()
    now = utcnow()
    first, _ = events("alert-phone", "rep-phone", now)
    low, _ = events("alert-low", "rep-low", now)
    low = low.model_copy(update={"data": low.data.model_copy(update={
        "severity": "low", "rule_ids": ["other-rule"], "zone": None})})
    send("alerts", b"alert-phone", encode(first))
    send("alerts", b"alert-low", encode(low))

    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
             "device_scale_factor": 2}
    page, errors = _open(browser, url + "?min_severity=high&zone=idlib-dmz-2018", **phone)
    page.wait_for_selector(FEED_ITEM.format("alert-phone"), timeout=10_000)
    assert page.locator(FEED_ITEM.format("alert-low")).count() == 0
    assert page.locator("select[name=min_severity]").input_value() == "high"
    # The page fits the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "dashboard-phone.png"))

    # A live alert the filters exclude stays out; one they include comes in.
    send("alerts", b"alert-low", encode(low.model_copy(update={"data": low.data.model_copy(
        update={"sequence": 2, "status": "updated"})})))
    page.tap(FEED_ITEM.format("alert-phone"))
    page.wait_for_selector('#detail[data-alert-id="alert-phone"]:not([hidden])')
    assert page.locator("#detail mark").count() >= 4
    page.screenshot(path=str(artifacts / "dashboard-phone-detail.png"))
    assert page.locator(FEED_ITEM.format("alert-low")).count() == 0

    shared = page.url  # filters and the selected alert travel in the URL
    other, _ = _open(browser, shared, **phone)
    other.wait_for_selector('#detail[data-alert-id="alert-phone"]:not([hidden])')
    assert other.locator(FEED_ITEM.format("alert-low")).count() == 0
    assert errors == []


def test_a_published_report_becomes_an_alert_on_the_page(
        browser, start_dashboard, start_workers, send, artifacts):
    """The whole way: a report over the real broker, through the extractor and rules workers,
    to the page, with the evidence the extractor really found highlighted in the report text."""
    from schemas import Report
    from services.runtime.cli import EXAMPLES, expected_alerts

    url = start_dashboard()
    reports = sorted((Report.model_validate_json(line) for line in
                      EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()),
                     key=lambda r: r.published_at)
    report = reports[0]
    expected = expected_alerts([report])
    assert expected, "the first example report must raise an alert"
    alert_id = expected[0].data.alert_id
    start_workers("extractor", "rules")
    page, errors = _open(browser, url, viewport={"width": 1280, "height": 800})
    send("reports", report.id.encode(), encode(report))
    page.wait_for_selector(FEED_ITEM.format(alert_id), timeout=90_000)
    assert page.locator(f'#layer-markers circle[data-alert-id="{alert_id}"]').count() >= 1
    page.click(FEED_ITEM.format(alert_id))
    text = page.locator(f'#detail .report-text[data-report-id="{report.id}"]')
    text.wait_for(timeout=10_000)
    assert report.text[-60:] in text.inner_text()  # the whole text, not just the evidence
    assert text.locator("mark").count() >= 2
    page.screenshot(path=str(artifacts / "dashboard-pipeline.png"))
    assert errors == []


def test_an_alert_abroad_lands_inside_its_country_outline(browser, start_dashboard, send):
    from schemas import Location
    from tests.factories import alert_event, incident

    url = start_dashboard()
    now = utcnow()
    taiz = Location(name="Taiz", admin1="Taizz", country="YE", lat=13.5795, lon=44.0209,
                    precision="town", radius_km=3.0)
    inc = incident(incident_id="alert-ye-i1", report_id="rep-ye", location=taiz)
    event = alert_event(alert_id="alert-ye", incident=inc, first_seen=now, updated_at=now,
                        title="Shelling in Taiz (alert-ye)")
    page, errors = _open(browser, url, viewport={"width": 1280, "height": 800})
    assert page.locator("#layer-world path").count() > 150  # the whole world's countries
    assert page.locator("#layer-base path").count() >= 14  # Syria's governorates stay
    send("alerts", b"alert-ye", encode(event))
    marker = page.locator('#layer-markers circle[data-alert-id="alert-ye"]')
    marker.wait_for(timeout=10_000)
    inside = page.evaluate("""() => {
      const c = document.querySelector('#layer-markers circle[data-alert-id="alert-ye"]');
      const at = (name) => {
        const p = document.querySelector(`#layer-world path[data-country="${name}"]`);
        const pt = c.ownerSVGElement.createSVGPoint();
        pt.x = +c.getAttribute('cx'); pt.y = +c.getAttribute('cy');
        return p.isPointInFill(pt);
      };
      const [x, y, w, h] = document.getElementById('map').getAttribute('viewBox')
        .split(' ').map(Number);
      const cx = +c.getAttribute('cx'), cy = +c.getAttribute('cy');
      return {yemen: at('Yemen'), oman: at('Oman'),
              visible: cx >= x && cx <= x + w && cy >= y && cy <= y + h};
    }""")
    assert inside == {"yemen": True, "oman": False, "visible": True}
    assert errors == []
