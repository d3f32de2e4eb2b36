"""Build the documentation site into _site/: the README as the home page, the tutorials and the reference notebooks with
their saved outputs (tables, figures), and an API page per module with each exported name's signature and docstring
(nbdev's `show_doc`). MkDocs (Material) with mkdocs-jupyter, installable with pip; the notebooks stay nbdev notebooks,
so `nbdev_docs` builds its own site wherever Quarto is installed.

    python tools/build_docs.py            # build into _site/ (strict: a broken link, a warning or an error output fails)

Run `python tools/run_notebooks.py` first for fresh outputs: notebooks are not executed here.
"""
import importlib
import inspect
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC, SITE = ROOT / "_docs_src", ROOT / "_site"
DOCS = SRC / "docs"  # the pages; mkdocs.yml sits beside this folder
MODULES = ["core", "data", "sandbox", "jail", "prompts", "rewards", "generate", "mutate", "curate", "train", "evaluate", "plots",
           "demo", "cli", "tiny"]


def title(nb: Path) -> str:
    "A notebook's title: its first heading."
    for c in json.loads(nb.read_text())["cells"]:
        if c["cell_type"] == "markdown":
            m = re.match(r"#\s+(.+)", "".join(c["source"]).strip())
            if m: return m.group(1)
    return nb.stem


def errors_in(nb: Path) -> list[str]:
    "Saved outputs that are errors (a cell that failed when the outputs were made)."
    cells = json.loads(nb.read_text())["cells"]
    return [f"{nb.relative_to(ROOT)} cell {i}: {o.get('ename')}" for i, c in enumerate(cells) for o in c.get("outputs", [])
            if o.get("output_type") == "error"]


def api_page(module: str) -> str:
    "The API page of one module: the module's docstring, then `show_doc` of every name it exports, with its source line."
    from nbdev.showdoc import BasicMarkdownRenderer, show_doc
    mod = importlib.import_module(f"critique_coder.{module}")
    parts = [f"# critique_coder.{module}", "", (mod.__doc__ or "").strip(), ""]
    for name in getattr(mod, "__all__", []):
        obj = getattr(mod, name)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)): continue
        md = show_doc(obj, renderer=BasicMarkdownRenderer)._repr_markdown_()
        try: line = inspect.getsourcelines(obj)[1]
        except (OSError, TypeError): line = None
        md = md.replace("#LNone", f"#L{line}" if line else "")
        parts.append(md)
    return "\n".join(parts) + "\n"


def stage() -> None:
    "The MkDocs source: pages, notebooks and the configuration, in _docs_src/ (made fresh)."
    shutil.rmtree(SRC, ignore_errors=True)
    (DOCS / "api").mkdir(parents=True)
    readme = (ROOT / "README.md").read_text()
    readme = re.sub(r"\]\(nbs/", "](", readme)  # the notebooks sit at the site's root
    readme = readme.replace("](recipes/", "](https://github.com/critique-coder/critique-coder/tree/main/recipes/")
    (DOCS / "index.md").write_text(readme)
    bad = []
    notebooks = sorted(p for p in (ROOT / "nbs").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts and p.name != "index.ipynb")
    for nb in notebooks:
        dest = DOCS / nb.relative_to(ROOT / "nbs")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(nb, dest)
        bad += errors_in(nb)
    if bad: sys.exit("notebooks saved with errors in their outputs:\n" + "\n".join(bad))
    for m in MODULES: (DOCS / "api" / f"{m}.md").write_text(api_page(m))
    tutorials = [p for p in notebooks if p.parent.name == "tutorials"]
    reference = [p for p in notebooks if p.parent == ROOT / "nbs"]
    nav = [{"Home": "index.md"},
           {"Tutorials": [{title(p): str(p.relative_to(ROOT / "nbs"))} for p in sorted(tutorials, key=lambda p: ("quickstart", "byod", "reproduce").index(p.stem) if p.stem in ("quickstart", "byod", "reproduce") else 9)]},
           {"Notebooks": [{title(p): p.name} for p in reference]},
           {"API": [{m: f"api/{m}.md"} for m in MODULES]}]
    config = {"site_name": "critique-coder", "site_description": "Critique Reinforcement Learning for code models, with TRL",
              "repo_url": "https://github.com/critique-coder/critique-coder", "docs_dir": "docs", "site_dir": str(SITE), "use_directory_urls": False,
              "theme": {"name": "material", "features": ["navigation.sections", "content.code.copy"]},
              "markdown_extensions": ["attr_list", "tables", "admonition", "pymdownx.superfences", {"pymdownx.highlight": {"use_pygments": True}}],
              "plugins": ["search", {"mkdocs-jupyter": {"execute": False, "include_source": True, "ignore_h1_titles": False}}],
              "validation": {"links": {"not_found": "warn", "absolute_links": "info", "unrecognized_links": "warn"}},
              "nav": nav}
    (SRC / "mkdocs.yml").write_text(json.dumps(config, indent=1))  # JSON is YAML


def main():
    sys.path.insert(0, str(ROOT))
    stage()
    shutil.rmtree(SITE, ignore_errors=True)
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(SRC / "mkdocs.yml")], cwd=SRC)
    if r.returncode: sys.exit(f"mkdocs build failed ({r.returncode})")
    print(f"site built: {SITE}/index.html ({sum(1 for _ in SITE.rglob('*.html'))} pages)")


if __name__ == "__main__":
    main()
