"""Helpers for the browser tests: Debian's Chromium through chromedriver, screenshots, axe-core, offline.

Why Debian's Chromium: a test tool's own browser download cannot work on this network, and a silently
skipped browser test would hide a broken phone layout, so a missing binary fails the test. axe-core comes
from npm (pinned in scripts/axe-core.sh, cached outside the clone) and is injected into the page under
test from that local file: nothing is loaded from a CDN.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SOTAY_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("SOTAY_CHROMEDRIVER", "/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parents[2]
PHONE = (360, 740)
DESKTOP = (1280, 800)


def start_chrome(tmp_path: Path, width: int, height: int, monkeypatch=None):
    """Headless Chromium with a fresh profile, a Vietnamese UI and a viewport of exactly width × height."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            pytest.fail(f"{path} is missing: `make test` installs Debian's chromium and chromium-driver "
                        "(apt-get install -y chromium chromium-driver)")
    # Selenium Manager must never try to download a browser or driver on this network.
    if monkeypatch is not None:
        monkeypatch.setenv("SE_OFFLINE", "true")
    else:
        os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path / f"chromium-{width}x{height}-{time.monotonic_ns()}"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--lang=vi-VN", f"--window-size={max(width, 500)},{height}",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "vi-VN,vi"})
    service = Service(executable_path=CHROMEDRIVER, log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    # Headless windows are at least 500 px wide: pin the viewport instead. mobile=False keeps the layout
    # viewport exactly this wide (a mobile emulation could zoom out and hide an overflowing page).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    return driver


def save_screenshot(driver, tmp_path: Path, name: str) -> Path:
    """A PNG in the test's temp dir, copied to $SOTAY_SCREENSHOT_DIR when set (e.g. docs/screenshots)."""
    path = tmp_path / f"{name}.png"
    assert driver.save_screenshot(str(path)), "Chromium could not take a screenshot"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    target = os.environ.get("SOTAY_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)
    return path


def wait_for(driver, script: str, timeout: float = 10.0, what: str = "condition"):
    """Poll a JavaScript expression (``return …``) until it is truthy."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout}s waiting for {what} (last value {value!r})")


def open_page(driver, url: str):
    driver.get(url)
    wait_for(driver, "return document.readyState === 'complete'", what=f"{url} to load")


def assert_fits(driver, what: str):
    scroll_width, inner_width = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth];")
    assert scroll_width <= inner_width, f"{what}: scrolls sideways ({scroll_width} > {inner_width})"


def login(driver, base_url: str, username: str, password: str, next_path: str = "/"):
    """Log in through the real form, as a member would."""
    open_page(driver, f"{base_url}/tai-khoan/dang-nhap/?next={next_path}")
    driver.find_element("id", "id_username").send_keys(username)
    driver.find_element("id", "id_password").send_keys(password)
    driver.find_element("css selector", ".account-form button[type=submit]").click()
    wait_for(driver, f"return location.pathname === {next_path!r} && document.readyState === 'complete'",
             what=f"the login to land on {next_path}")


_AXE_SOURCE: str | None = None


def axe_source() -> str:
    """axe.min.js from the local npm cache (installed on first use by scripts/axe-core.sh)."""
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        path = os.environ.get("SOTAY_AXE_JS", "")
        if not path or not Path(path).is_file():
            done = subprocess.run([str(ROOT / "scripts" / "axe-core.sh")], capture_output=True, text=True,
                                  timeout=300)
            if done.returncode != 0:
                pytest.fail(f"axe-core could not be installed from npm: {done.stderr[-2000:]}")
            path = done.stdout.strip().splitlines()[-1]
        _AXE_SOURCE = Path(path).read_text(encoding="utf-8")
    return _AXE_SOURCE


def axe_violations(driver, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.x A/AA rules) on the current page; violations of the given impacts."""
    if not driver.execute_script("return typeof window.axe === 'object';"):
        driver.execute_script(axe_source())
    result = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
           .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 200))}))))
           .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
    """)
    return [v for v in result if v["impact"] in impacts]


def assert_accessible(driver, what: str):
    driver.set_script_timeout(60)
    bad = axe_violations(driver)
    assert not bad, f"{what}: axe-core found serious/critical problems: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} → {v['nodes']}" for v in bad)


def set_offline(driver, offline: bool):
    """DevTools network emulation, as the "Offline" boxes of DevTools set it: on the page, and on each
    service worker (a worker is a target of its own: emulation on the page alone would let the worker's
    fetches through, and an "offline" test would pass on the network)."""
    params = {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", params)
    workers = [t for t in driver.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]
               if t["type"] == "service_worker"]
    sessions = driver.__dict__.setdefault("_worker_sessions", {})  # emulation lives in the session that set it
    for target in workers:
        session = sessions.get(target["targetId"])
        if session is None:
            session = sessions[target["targetId"]] = driver.execute_cdp_cmd(
                "Target.attachToTarget", {"targetId": target["targetId"], "flatten": False})["sessionId"]
        for n, (method, args) in enumerate([("Network.enable", {}), ("Network.emulateNetworkConditions", params)]):
            driver.execute_cdp_cmd("Target.sendMessageToTarget", {
                "sessionId": session, "message": json.dumps({"id": n + 1, "method": method, "params": args})})
    return len(workers)


FAKE_SPEECH = """
(() => {
  const spoken = [];
  window.__spoken = spoken;
  const voices = window.__fakeVoices || [{name: 'Tiếng Việt', lang: 'vi-VN', default: true, localService: true, voiceURI: 'vi'}];
  class FakeUtterance { constructor(text) { this.text = text; this.lang = ''; this.rate = 1; } }
  const synth = {
    speaking: false, pending: false, paused: false,
    getVoices() { return voices; },
    addEventListener() {},
    speak(u) { spoken.push({text: u.text, rate: u.rate, lang: u.lang, voice: u.voice && u.voice.lang}); this.speaking = true; this._u = u; },
    cancel() { this.speaking = false; this.paused = false; const u = this._u; this._u = null; if (u && u.onerror) u.onerror({error: 'canceled'}); },
    pause() { this.paused = true; },
    resume() { this.paused = false; },
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = FakeUtterance;
})();
"""


def fake_speech(driver, voices: str | None = None):
    """Replace the browser's speech synthesis with a recorder on every page from now on (headless Chromium
    has no voices). ``voices`` is a JS array literal; "[]" simulates a device without a Vietnamese voice."""
    prefix = f"window.__fakeVoices = {voices};" if voices is not None else ""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": prefix + FAKE_SPEECH})
