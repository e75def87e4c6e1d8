"""`dropsurgeon inspect`: the inventory as a module tree (console) or JSON."""

from __future__ import annotations

import json

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from ..linter.result import ModelResult
from ..sites import Site


def _label(site: Site) -> Text:
    text = Text()
    text.append(site.op, style="bold")
    if site.p is not None:
        text.append(f" p={site.p:g}")
    elif site.p_text:
        text.append(f" p={site.p_text}")
    style = "red" if site.active_eval else "green"
    text.append(f"  [{site.behaviour()}]", style=style)
    text.append(f"  {site.kind}", style="dim")
    if site.path:
        text.append(f"  {site.location}", style="dim")
    return text


def print_tree(results: list[ModelResult], console: Console | None = None) -> None:
    console = console or Console()
    for result in results:
        head = Text(result.name, style="bold")
        head.append(f"  ({result.status}", style="dim")
        if result.frontends:
            head.append(f", seen by {'+'.join(result.frontends)}", style="dim")
        head.append(")", style="dim")
        tree = Tree(head)
        if result.reason:
            tree.add(Text(result.reason, style="yellow"))
        nodes: dict[str, Tree] = {"": tree}
        sites = list(result.inventory or [])
        for site in sorted(sites, key=lambda s: (s.module, s.line or 0)):
            parent = tree
            parts = site.module.split(".") if site.module else []
            prefix = ""
            for part in parts:
                prefix = f"{prefix}.{part}" if prefix else part
                if prefix not in nodes:
                    nodes[prefix] = parent.add(Text(part, style="blue"))
                parent = nodes[prefix]
            parent.add(_label(site))
        if not sites and result.status == "analysed":
            tree.add(Text("no dropout sites", style="dim"))
        console.print(tree)


def to_json(results: list[ModelResult]) -> str:
    return json.dumps(
        [
            {**r.to_dict(), "inventory": r.inventory.to_dict() if r.inventory else None}
            for r in results
        ],
        indent=2,
    )
