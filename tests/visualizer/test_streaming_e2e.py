"""A streaming kubectl in the dashboard's terminal, in a real browser (`kubelab up`, Debian's
Chromium, Playwright): `kubectl get pods -w` prints a row per change made elsewhere, the lines
typed meanwhile wait, and Ctrl-C stops it and brings the prompt back; `kubectl rollout status`
prints until the rollout ends, and brings the prompt back by itself."""

from playwright.sync_api import Page, expect

from tests.stack import KubeLab
from tests.visualizer.test_dashboard_e2e import REPLY_TIMEOUT_MS, browser  # noqa: F401
from tests.visualizer.test_terminal_e2e import page, run, type_line  # noqa: F401


def test_get_w_streams_until_ctrl_c(lab: KubeLab, page: Page) -> None:  # noqa: F811
    assert run(page, "kubectl run first --image=nginx") == "pod/first created"
    index = page.locator("#terminal-output .block").count()
    type_line(page, "kubectl get pods -w")
    result = page.locator("#terminal-output .block").nth(index).locator(".result")
    expect(result).to_contain_text("first", timeout=REPLY_TIMEOUT_MS)
    type_line(page, "kubectl get nodes")  # waits: the terminal is busy

    created = lab.kubectl("run", "second", "--image=nginx")
    assert created.returncode == 0, created.stderr
    expect(result).to_contain_text("second", timeout=REPLY_TIMEOUT_MS)
    assert page.locator("#terminal-output .block").count() == index + 1

    page.locator("#terminal-input").press("Control+c")
    expect(result).to_contain_text("^C")
    lines = result.inner_text().splitlines()
    assert lines[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert lines[-1] == "^C" and "NAME" not in "".join(lines[1:])
    # the line typed meanwhile went with the ^C, as in a shell; the next one runs
    assert run(page, "kubectl get pod second -o name") == "pod/second"
    assert page.locator("#terminal-output .block").count() == index + 2


def test_ctrl_c_at_once_stops_the_stream_before_it_printed(page: Page) -> None:  # noqa: F811
    type_line(page, "kubectl get pods -w")
    page.locator("#terminal-input").press("Control+c")
    # the next line runs: nothing goes on streaming, and the terminal is not busy
    assert run(page, "kubectl get pod second -o name") == "pod/second"
    assert "busy" not in page.locator("#terminal-output").inner_text()


def test_rollout_status_waits_for_the_rollout_then_frees_the_terminal(page: Page) -> None:  # noqa: F811
    created = run(page, "kubectl create deployment roll --image=nginx --replicas=2")
    assert created == "deployment.apps/roll created"
    index = page.locator("#terminal-output .block").count()
    type_line(page, "kubectl rollout status deployment/roll")
    result = page.locator("#terminal-output .block").nth(index).locator(".result")
    done = 'deployment "roll" successfully rolled out'
    expect(result).to_contain_text(done, timeout=REPLY_TIMEOUT_MS)
    said = result.inner_text().splitlines()
    assert len(said) >= 2 and said[0].startswith("Waiting for deployment ") and said[-1] == done
    # it ended by itself: the next line runs, with no Ctrl-C
    assert run(page, "kubectl get deploy roll -o name") == "deployment.apps/roll"
