"""The hardened dashboard in Debian's chromium over the real broker: a read token opened once
through ``?token=`` becomes a cookie and the page works with it (live feed included); every
response carries the Content-Security-Policy and the page runs under it without a single
violation, while an injected inline script is blocked; hostile ``javascript:`` URLs in a report
and an alert never become links."""

from __future__ import annotations

from services.common.codec import encode
from services.dashboard.guard import CSP
from tests.browser.scenario import events, hostile_event, report, utcnow
from tests.browser.test_dashboard_browser import FEED_ITEM

TOKEN = "browser-read-token-5d1c9e07a2"
HOSTILE = "javascript:document.title='owned'"
#: Recorded in the page from its first script on (Playwright's init scripts are not subject to
#: the page's CSP): every CSP violation the document reports.
WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));"""


def test_token_cookie_csp_and_no_javascript_links(browser, start_dashboard, send, artifacts,
                                                  tmp_path):
    token_file = tmp_path / "dashboard.token"
    token_file.write_text(TOKEN + "\n")
    url = start_dashboard({"CONFLICT_ALERTS_DASHBOARD_TOKEN_FILE": str(token_file)})
    now = utcnow()
    hostile_report = report("rep-evil", now).model_copy(update={"url": HOSTILE})
    send("reports", b"rep-evil", encode(hostile_report))
    first, _ = events("alert-safe", "rep-safe", now)
    send("alerts", b"alert-safe", encode(first))
    send("alerts", b"alert-evil", encode(hostile_event("alert-evil", "rep-evil", now, HOSTILE)))

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    errors: list[str] = []
    console: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: console.append(m.text))

    # Without the token: nothing but the explanation.
    refused = page.goto(url)
    assert refused.status == 401 and "?token=" in page.inner_text("body")
    assert refused.headers["content-security-policy"] == CSP

    # Once with the token: redirected to the same view without it, a cookie holds the session.
    response = page.goto(url + f"?min_severity=high&token={TOKEN}")
    assert TOKEN not in page.url and "min_severity=high" in page.url
    assert response.status == 200
    headers = response.headers
    assert headers["content-security-policy"] == CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    [cookie] = context.cookies()
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["value"] != TOKEN
    assert page.evaluate("document.cookie") == ""  # not readable from scripts

    page.wait_for_selector("body[data-ready=true]", timeout=15_000)
    page.wait_for_selector("#status[data-state=live]", timeout=15_000)  # the stream, by cookie
    page.wait_for_selector(FEED_ITEM.format("alert-evil"), timeout=10_000)
    page.wait_for_selector(FEED_ITEM.format("alert-safe"), timeout=10_000)
    assert page.locator("#layer-base path").count() >= 14
    # Styles set through the CSSOM survive the policy: the severity colour of each row.
    assert page.locator(FEED_ITEM.format("alert-safe")).evaluate(
        "e => getComputedStyle(e).borderLeftColor") != "rgba(0, 0, 0, 0)"
    # A live update over the stream still arrives.
    update = first.model_copy(update={"id": "alert-safe:2", "data": first.data.model_copy(
        update={"sequence": 2, "status": "updated"})})
    send("alerts", b"alert-safe", encode(update))
    page.wait_for_selector(f'{FEED_ITEM.format("alert-safe")}[data-sequence="2"]',
                           timeout=10_000)

    evil = page.locator(FEED_ITEM.format("alert-evil"))
    assert evil.locator("a").count() == 0
    assert evil.locator("span.refuter").inner_text() == "Hostile Feed"
    evil.locator(".title").click()
    page.wait_for_selector('#detail[data-alert-id="alert-evil"]:not([hidden])')
    detail = page.locator("#detail")
    assert "Linked report" in detail.locator("#sources").inner_text()
    assert detail.locator("#sources a").count() == 0
    assert detail.locator(".evidence a").count() == 0
    hrefs = page.eval_on_selector_all("a", "as => as.map((a) => a.getAttribute('href'))")
    assert all(h.startswith(("https://", "http://")) for h in hrefs), hrefs
    assert not any("javascript" in h.lower() for h in hrefs)
    assert page.title().startswith("conflict-alerts")
    page.screenshot(path=str(artifacts / "dashboard-hostile.png"))

    assert page.evaluate("window.__csp") == [], page.evaluate("window.__csp")
    assert not [m for m in console if "Content Security Policy" in m], console
    # The policy is really in force: an inline script added now is refused and reported.
    page.evaluate("""() => { const s = document.createElement('script');
      s.textContent = 'window.__inline = true'; document.body.append(s); }""")
    page.wait_for_function("window.__csp.length > 0", timeout=5_000)
    assert page.evaluate("window.__inline") is None
    assert page.evaluate("window.__csp")[0].startswith("script-src")
    assert errors == []
    context.close()
