"""The API's interactive docs load from the portal alone: no CDN, so they work on a closed network."""

from urllib.parse import urlparse

from tests.browser.conftest import screenshot


def test_the_api_docs_render_with_every_outside_host_unreachable(page, live_server):
    portal = urlparse(live_server.url).netloc
    outside: list[str] = []

    def only_the_portal(route):
        if urlparse(route.request.url).netloc == portal:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_portal)
    page.goto("/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    summaries = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/v1/token", "/api/v1/visits/sync", "/api/v1/households/", "/api/v1/logout"} <= {
        text.replace("\u200b", "") for text in summaries
    }
    assert outside == []
    screenshot(page, "api_docs.png")
