"""The dashboard's terminal in a real browser (`kubelab up`, Debian's Chromium, Playwright): a
heredoc typed line by line writes a file, `ls` lists it, kubectl applies it, Tab completes
types and names, the editor saves, a pasted heredoc runs, history outlives a reload, and
`kubectl exec -it` opens a container's shell with its own prompt until Ctrl-D."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.stack import KubeLab
from tests.visualizer.test_dashboard_e2e import REPLY_TIMEOUT_MS, browser  # noqa: F401

WEB = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx"""


@pytest.fixture(scope="module")
def page(lab: KubeLab, browser: Browser) -> Iterator[Page]:  # noqa: F811  (fixtures)
    """One page for the module's tests, in order: each goes on from where the last stopped."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(lab.url)
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def type_line(page: Page, line: str) -> None:
    terminal = page.locator("#terminal-input")
    terminal.fill(line)
    terminal.press("Enter")


def answer(page: Page, index: int) -> str:
    """The answer printed in the output's block `index`, once it has come."""
    result = page.locator("#terminal-output .block").nth(index).locator(".result")
    expect(result).to_have_class("result", timeout=REPLY_TIMEOUT_MS)  # no longer waiting
    return result.inner_text()


def run(page: Page, line: str) -> str:
    """Type a line, and wait for its answer."""
    index = page.locator("#terminal-output .block").count()
    type_line(page, line)
    return answer(page, index)


def test_a_heredoc_typed_line_by_line_writes_a_file_that_ls_lists(page: Page) -> None:
    index = page.locator("#terminal-output .block").count()
    type_line(page, "cat > web.yaml <<EOF")
    expect(page.locator(".prompt-line .prompt")).to_have_text(">", timeout=REPLY_TIMEOUT_MS)
    for line in WEB.splitlines():
        type_line(page, line)
    type_line(page, "EOF")
    assert answer(page, index) == ""
    expect(page.locator(".prompt-line .prompt")).to_have_text("$")
    echoed = page.locator("#terminal-output .block").nth(index).locator(".echo")
    body = [f"> {line}" for line in WEB.splitlines()]
    assert echoed.all_inner_texts() == ["$ cat > web.yaml <<EOF", *body, "> EOF"]

    assert run(page, "ls") == "web.yaml"
    assert run(page, "cat web.yaml") == WEB


def test_kubectl_applies_the_file_and_the_pod_is_drawn(page: Page) -> None:
    assert run(page, "kubectl apply -f web.yaml") == "pod/web created"
    expect(page.locator('[data-pod="default/web"]')).to_have_count(1, timeout=REPLY_TIMEOUT_MS)


def test_tab_completes_a_type_then_a_name_and_twice_lists_the_choices(page: Page) -> None:
    terminal = page.locator("#terminal-input")
    terminal.fill("kubectl get po")
    terminal.press("Tab")  # poddisruptionbudgets and pods: their common part
    expect(terminal).to_have_value("kubectl get pod", timeout=REPLY_TIMEOUT_MS)
    terminal.press_sequentially("s")
    terminal.press("Tab")
    expect(terminal).to_have_value("kubectl get pods ", timeout=REPLY_TIMEOUT_MS)
    terminal.press_sequentially("w")
    terminal.press("Tab")
    expect(terminal).to_have_value("kubectl get pods web ", timeout=REPLY_TIMEOUT_MS)
    index = page.locator("#terminal-output .block").count()
    terminal.press("Enter")
    header = answer(page, index).splitlines()[0]
    assert header.split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]

    terminal.fill("kubectl get n")
    terminal.press("Tab")
    terminal.press("Tab")
    listing = page.locator("#terminal-output .block").last
    expect(listing.locator(".stdout")).to_have_text(
        "namespaces  networkpolicies  nodes", timeout=REPLY_TIMEOUT_MS
    )
    expect(listing.locator(".echo")).to_have_text("$ kubectl get n")
    expect(terminal).to_have_value("kubectl get n")

    terminal.fill("kubectl apply -f w")
    terminal.press("Tab")
    expect(terminal).to_have_value("kubectl apply -f web.yaml ", timeout=REPLY_TIMEOUT_MS)
    terminal.fill("")


def test_the_editor_changes_a_file_and_refuses_what_the_workspace_refuses(page: Page) -> None:
    type_line(page, "nano web.yaml")
    editor = page.locator("#editor")
    expect(editor).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    expect(page.locator("#editor-path")).to_have_text("web.yaml")
    text = page.locator("#editor-text")
    expect(text).to_have_value(f"{WEB}\n")
    text.fill(f"{WEB.replace('name: web', 'name: web2', 1)}\n")
    text.press("Control+s")
    expect(editor).to_be_hidden(timeout=REPLY_TIMEOUT_MS)
    expect(page.locator("#terminal-output .block").last.locator(".note")).to_have_text(
        "wrote web.yaml (8 lines)"
    )
    assert run(page, "kubectl apply -f web.yaml") == "pod/web2 created"

    type_line(page, "edit huge.txt")
    expect(editor).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    expect(text).to_have_value("")
    text.evaluate("(el) => { el.value = 'x'.repeat(300 * 1024); }")
    page.locator("#editor-save").click()
    expect(page.locator("#editor-status")).to_have_text(
        "huge.txt: files are at most 256 KiB (this one is 300 KiB)", timeout=REPLY_TIMEOUT_MS
    )
    page.locator("#editor-cancel").click()
    expect(editor).to_be_hidden()
    expect(page.locator("#terminal-input")).to_be_focused()
    assert run(page, "ls") == "web.yaml"


def test_a_pasted_heredoc_runs_as_one_command(page: Page) -> None:
    manifest = WEB.replace("name: web", "name: pasted", 1)
    pasted = f"cat <<EOF | kubectl apply -f -\n{manifest}\nEOF\nkubectl get pod pasted -o name\n"
    index = page.locator("#terminal-output .block").count()
    page.locator("#terminal-input").evaluate(
        """(input, text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
        }""",
        pasted,
    )
    assert answer(page, index + 1) == "pod/pasted"
    assert answer(page, index) == "pod/pasted created"


def test_ctrl_c_drops_a_heredoc_and_unknown_commands_are_not_found(page: Page) -> None:
    terminal = page.locator("#terminal-input")
    type_line(page, "cat > dropped.yaml <<EOF")
    expect(page.locator(".prompt-line .prompt")).to_have_text(">", timeout=REPLY_TIMEOUT_MS)
    type_line(page, "kind: Pod")
    terminal.fill("half a line")
    terminal.press("Control+c")
    expect(page.locator(".prompt-line .prompt")).to_have_text("$")
    expect(terminal).to_have_value("")
    assert run(page, "ls") == "web.yaml"

    assert run(page, "grep web web.yaml") == "bash: grep: command not found"
    assert "cat > FILE <<EOF" in run(page, "help")


def test_history_outlives_a_reload_and_the_screen_clears(page: Page) -> None:
    assert run(page, "kubectl get nodes").startswith("NAME")
    page.reload()
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
    terminal = page.locator("#terminal-input")
    terminal.press("ArrowUp")
    expect(terminal).to_have_value("kubectl get nodes")
    terminal.press("ArrowUp")
    expect(terminal).to_have_value("help")
    terminal.press("ArrowDown")
    terminal.press("ArrowDown")
    expect(terminal).to_have_value("")
    listed = run(page, "history").splitlines()
    assert listed[0] == "    1  cat > web.yaml <<EOF"
    assert listed[-2:] == [f"{len(listed) - 1:>5}  kubectl get nodes", f"{len(listed):>5}  history"]
    type_line(page, "clear")
    expect(page.locator("#terminal-output .block")).to_have_count(0, timeout=REPLY_TIMEOUT_MS)
    assert run(page, "ls") == "web.yaml"
    terminal.fill("kubectl get")
    terminal.press("Control+l")
    expect(page.locator("#terminal-output .block")).to_have_count(0)
    expect(terminal).to_have_value("kubectl get")  # the line being typed stays


def test_kubectl_exec_it_opens_the_containers_shell_until_it_exits(page: Page) -> None:
    assert run(page, "kubectl wait --for=condition=Ready pod/web") == "pod/web condition met"
    prompt = page.locator(".prompt-line .prompt")
    echoes = page.locator("#terminal-output .echo")
    before = echoes.count()
    type_line(page, "kubectl exec -it web -- bash")
    expect(prompt).to_have_text("root@web:/#", timeout=REPLY_TIMEOUT_MS)
    assert run(page, "cd /etc && X=1") == ""
    expect(prompt).to_have_text("root@web:/etc#")
    assert run(page, "echo $X; pwd") == "1\n/etc"
    type_line(page, "for i in a b; do")
    expect(prompt).to_have_text(">", timeout=REPLY_TIMEOUT_MS)
    page.locator("#terminal-input").press("Control+c")
    expect(prompt).to_have_text("root@web:/etc#")
    ended = page.locator("#terminal-output .block").count()
    page.locator("#terminal-input").press("Control+d")
    assert answer(page, ended) == "exit"
    expect(prompt).to_have_text("$")
    assert echoes.all_inner_texts()[before:] == [
        "$ kubectl exec -it web -- bash",
        "root@web:/# cd /etc && X=1",
        "root@web:/etc# echo $X; pwd",
        "root@web:/etc# for i in a b; do",
        "> ^C",
        "root@web:/etc# ",
    ]
