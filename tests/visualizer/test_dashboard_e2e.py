"""The dashboard in a real browser: `kubelab up`, Debian's Chromium driven by Playwright, a
command typed into the page's terminal, and the pod drawn until it runs."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.stack import KubeLab, wait_until_gone

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
POD_RUNNING_TIMEOUT_MS = 30_000
REPLY_TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def run_in_terminal(page: Page, command: str) -> None:
    terminal = page.locator("#terminal-input")
    terminal.fill(command)
    terminal.press("Enter")


def test_a_pod_started_from_the_dashboards_terminal_is_drawn_until_it_runs(
    lab: KubeLab, page: Page, tmp_path: Path
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))

    page.goto(lab.url)

    expect(page).to_have_url(f"{lab.url}clusters/default/")
    expect(page.locator("#terminal-input")).to_be_visible()
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    expect(page.locator("[data-node]")).to_have_count(3)
    nodes = sorted(page.locator("[data-node]").evaluate_all("els => els.map(e => e.dataset.node)"))
    assert nodes == ["control-plane", "node-1", "node-2"]

    run_in_terminal(page, "kubectl run web --image=nginx")
    output = page.locator("#terminal-output")
    expect(output).to_contain_text("pod/web created", timeout=REPLY_TIMEOUT_MS)
    running = page.locator('[data-pod="default/web"][data-status="Running"]')
    expect(running).to_have_count(1, timeout=POD_RUNNING_TIMEOUT_MS)

    run_in_terminal(page, "kubectl get pods")
    answer = output.locator(".block").last.locator(".stdout")
    expect(answer).to_contain_text(
        "NAME   READY   STATUS    RESTARTS   AGE", timeout=REPLY_TIMEOUT_MS
    )
    table = answer.inner_text()
    assert table.splitlines()[0].rstrip() == "NAME   READY   STATUS    RESTARTS   AGE"
    assert re.search(r"^web    1/1     Running   0 ", table, re.MULTILINE), table
    expect(page.locator("#hop-log li").first).to_be_attached()

    screenshot = tmp_path / "dashboard.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
    assert errors == []
    # One connection all along: it never dropped and had to be made again.
    assert sockets == [f"ws://127.0.0.1:{lab.port}/ws/clusters/default/"]

    children = [lab.child_running(program) for program in ("celery", "daphne", "redis-server")]
    assert lab.interrupt() == 0
    assert "KubeLab stopped." in lab.output()
    assert wait_until_gone(children) == []
