"""Corrections on the page, in Debian's chromium over the real broker: a retracted alert stays
in the list struck through, with the refuting report one click away, and its detail shows the
toll's history report by report and the accused party's denial."""

from __future__ import annotations

from services.common.codec import encode
from tests.browser.scenario import corrected_events, report, utcnow
from tests.browser.test_dashboard_browser import FEED_ITEM, _open


def test_a_retracted_alert_is_struck_through_with_its_refuter_and_toll_history(
        browser, start_dashboard, send, artifacts):
    url = start_dashboard()
    now = utcnow()
    first, retracted = corrected_events("alert-fix", "rep-fix", now)
    send("reports", b"rep-fix", encode(report("rep-fix", now)))
    send("alerts", b"alert-fix", encode(first))
    page, errors = _open(browser, url, viewport={"width": 1280, "height": 800})
    row = page.locator(FEED_ITEM.format("alert-fix"))
    row.wait_for(timeout=10_000)
    assert row.locator("s.title").count() == 0  # live: not struck through

    send("alerts", b"alert-fix", encode(retracted))
    page.wait_for_selector(f'{FEED_ITEM.format("alert-fix")}[data-sequence="4"]', timeout=10_000)
    assert "retracted" in (row.get_attribute("class") or "").split()
    title = row.locator("s.title")
    assert title.inner_text() == retracted.data.title
    assert "line-through" in title.evaluate("e => getComputedStyle(e).textDecorationLine")
    refuter = row.locator("a.refuter")
    assert refuter.get_attribute("href") == "https://civil-defence.example/notes/17"
    assert refuter.inner_text() == "Civil Defence Office"
    assert "rescuers" in row.locator(".retraction").inner_text()
    assert page.locator('#layer-markers circle.retracted[data-alert-id="alert-fix"]').count() >= 1
    # The refuting link opens in a new tab and does not select the row.
    with page.context.expect_page() as opened:
        refuter.click()
    opened.value.close()
    assert page.locator("#detail").is_hidden()
    page.screenshot(path=str(artifacts / "dashboard-retracted.png"))

    row.locator(".title").click()
    page.wait_for_selector('#detail[data-alert-id="alert-fix"][data-sequence="4"]:not([hidden])')
    detail = page.locator("#detail")
    assert detail.locator("h2 s").inner_text() == retracted.data.title
    assert detail.locator("#retraction a.refuter").get_attribute("href") == \
        "https://civil-defence.example/notes/17"
    assert "closed depot" in detail.locator("#retraction blockquote").inner_text()
    rows = detail.locator("#toll-history tbody tr")
    assert [r.get_attribute("data-kind") for r in rows.all()] == [
        "first", "rises", "revised", "refuted"]
    assert [r.locator("td.value").inner_text() for r in rows.all()] == ["3", "9", "6", "—"]
    assert "Third Desk" in rows.nth(2).inner_text()
    assert "Toll" in detail.inner_text() and "6 killed" in detail.locator("dl").inner_text()
    statement = detail.locator('#statements li[data-kind="denied_by_accused"]')
    assert "none of its aircraft" in statement.inner_text()
    assert "State Agency" in statement.inner_text()
    assert "status: updated → retracted" in detail.locator("#history").inner_text()
    detail.screenshot(path=str(artifacts / "dashboard-retracted-detail.png"))
    assert errors == []
