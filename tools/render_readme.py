"""Render nbs/index.ipynb to README.md (nbdev_readme needs Quarto; this needs nothing).

    python tools/render_readme.py           # write README.md
    python tools/render_readme.py --check   # exit 1 if README.md is out of step with index.ipynb
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOOTER = "\n<!-- Generated from nbs/index.ipynb by tools/render_readme.py: edit the notebook, not this file. -->\n"


def _outputs(cell) -> list[str]:
    out = []
    for o in cell.get("outputs", []):
        text = o.get("text") or o.get("data", {}).get("text/plain")
        if text: out.append("".join(text).rstrip("\n"))
    return out


def render(nb_path: Path) -> str:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        src = "".join(cell["source"]).strip("\n")
        if not src or src.startswith("#| hide"): continue
        if cell["cell_type"] == "markdown": parts.append(src)
        elif cell["cell_type"] == "code":
            parts.append(f"```python\n{src}\n```")
            parts += [f"```\n{o}\n```" for o in _outputs(cell)]
    return "\n\n".join(parts) + "\n" + FOOTER


def main(argv):
    text, readme = render(ROOT / "nbs" / "index.ipynb"), ROOT / "README.md"
    if "--check" in argv:
        if not readme.exists() or readme.read_text(encoding="utf-8") != text:
            print("README.md is out of step with nbs/index.ipynb: run python tools/render_readme.py", file=sys.stderr)
            return 1
        return 0
    readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
