"""The documentation site: built by tools/build_docs.py (strict: a broken link fails it), then opened in a real
headless browser (Chromium through chromedriver) to check that the home page, an API page, a tutorial and a notebook of
figures render, with their figures loaded."""
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def site():
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocs_jupyter")
    r = subprocess.run([sys.executable, "tools/build_docs.py"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return ROOT / "_site"


def test_the_site_has_a_page_for_every_notebook_tutorial_and_module(site):
    notebooks = [p for p in (ROOT / "nbs").rglob("*.ipynb") if p.name != "index.ipynb" and ".ipynb_checkpoints" not in p.parts]
    for nb in notebooks: assert (site / nb.relative_to(ROOT / "nbs")).with_suffix(".html").exists(), nb
    api = (site / "api" / "evaluate.html").read_text()
    assert "pass_at_k" in api and "The unbiased estimate of pass@k" in api and "EvalConfig" in api


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and DRIVER): pytest.skip("no Chromium and chromedriver here (Debian: apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"): opts.add_argument(a)
    driver = webdriver.Chrome(service=webdriver.ChromeService(DRIVER), options=opts)
    yield driver
    driver.quit()


@pytest.mark.parametrize("page,text,figures", [("index.html", "critique-coder demo", 0), ("api/evaluate.html", "pass_at_k", 0),
                                               ("tutorials/quickstart.html", "Quickstart: the pipeline step by step", 1),
                                               ("10_plots.html", "Training curves", 6)])
def test_pages_render_in_a_browser_with_their_figures(site, browser, page, text, figures):
    browser.get((site / page).as_uri())
    assert text in browser.find_element("tag name", "body").text
    loaded = browser.execute_script("return Array.from(document.images).filter(i => i.complete && i.naturalWidth > 100).length")
    assert loaded >= figures, f"{page}: {loaded} figures rendered, expected {figures} or more"
