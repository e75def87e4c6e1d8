"""Saves after issue 18: a save is data (items 1, 34), a save round-trips or is refused
(item 2), writes survive symlinks and crashes (item 32)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
import torch
import torch.nn as nn
from typer.testing import CliRunner

import dropsurgeon
from dropsurgeon.atomic import write_text
from dropsurgeon.cli import app
from dropsurgeon.surgery import Plan
from dropsurgeon.surgery.save import SaveError

NET = textwrap.dedent("""
    import torch
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self, width=8):
            super().__init__()
            self.fc = nn.Linear(4, width)
            self.drop = nn.Dropout(0.3)
            self.out = nn.Linear(width, 3)

        def forward(self, x):
            return self.out(self.drop(torch.relu(self.fc(x))))


    def example_inputs():
        return (torch.randn(5, 4),)
""")


@pytest.fixture()
def netfile(tmp_path):
    path = tmp_path / "net.py"
    path.write_text(NET)
    return path


def _net(netfile, width=8):
    from dropsurgeon.load import load_models

    return load_models(f"{netfile}:Net", {"width": width}, device="cpu")[0].model


def _hostile_save(tmp_path, netfile):
    """A real save whose manifest was edited to name ``os:system`` with a command."""
    model = _net(netfile)
    directory = tmp_path / "hostile"
    dropsurgeon.save(model, None, directory, spec=f"{netfile}:Net")
    marker = tmp_path / "PWNED"
    manifest = json.loads((directory / "dropsurgeon.json").read_text())
    manifest.update(spec="os:system", spec_path=None,
                    kwargs={"command": f"touch {marker}"})
    (directory / "dropsurgeon.json").write_text(json.dumps(manifest))
    return directory, marker


# --- item 1: loading never runs what a save names ------------------------------------------

def test_a_hostile_manifest_runs_nothing(tmp_path, netfile):
    directory, marker = _hostile_save(tmp_path, netfile)
    with pytest.raises(SaveError, match=r"'os:system'.*trust_spec=True"):
        dropsurgeon.load(directory)
    assert not marker.exists()
    # The caller's own builder: the save's weights on the caller's architecture, nothing run.
    mod = {}
    exec(compile(NET, str(netfile), "exec"), mod)
    back = dropsurgeon.load(directory, build=lambda **_: mod["Net"]())
    assert isinstance(back, nn.Module) and not marker.exists()
    back = dropsurgeon.load(directory, spec=f"{netfile}:Net", kwargs={})
    assert isinstance(back, nn.Module) and not marker.exists()


@pytest.mark.parametrize("command", [["check"], ["remove"], ["mc", "--inputs", "X"], ["fuse"]])
def test_the_cli_shows_the_stored_spec_and_asks_for_the_flag(tmp_path, netfile, command):
    directory, marker = _hostile_save(tmp_path, netfile)
    x = tmp_path / "x.pt"
    torch.save(torch.randn(3, 4), x)
    args = [a if a != "X" else str(x) for a in command]
    result = CliRunner().invoke(app, [args[0], str(directory), *args[1:]])
    assert result.exit_code == 2, result.output
    assert "'os:system'" in result.output and "--trust-spec" in result.output
    assert "Traceback" not in result.output and not marker.exists()


@pytest.mark.parametrize("command", ["inspect", "lint"])
def test_lint_and_inspect_of_a_hostile_save_run_nothing(tmp_path, netfile, command):
    directory, marker = _hostile_save(tmp_path, netfile)
    result = CliRunner().invoke(app, [command, str(directory)])
    assert "Traceback" not in result.output and not marker.exists()
    assert result.exit_code == 2 and "'os:system'" in result.output, result.output


def test_trust_spec_builds_the_stored_spec(tmp_path, netfile):
    model = _net(netfile, width=6)
    new = dropsurgeon.set_rate(model, "dropout", 0.2, example_inputs=(torch.randn(5, 4),))
    dropsurgeon.save(new, None, tmp_path / "s", spec=f"{netfile}:Net", kwargs={"width": 6})
    back = dropsurgeon.load(tmp_path / "s", trust_spec=True)
    assert back.fc.out_features == 6 and back.drop.p == 0.2
    result = CliRunner().invoke(app, ["check", str(tmp_path / "s"), "--trust-spec"])
    assert result.exit_code == 0, result.output
    with pytest.raises(SaveError, match="one of"):
        dropsurgeon.load(tmp_path / "s", model=model, trust_spec=True)


# --- item 2: a one-call surgery result carries its plan ------------------------------------

def test_remove_save_load_in_a_fresh_process(tmp_path, netfile):
    model = _net(netfile)
    x = torch.randn(5, 4)
    new = dropsurgeon.remove(model, example_inputs=(x,))
    dropsurgeon.save(new, None, tmp_path / "s", spec=f"{netfile}:Net")
    torch.save(x, tmp_path / "x.pt")
    with torch.no_grad():
        torch.save(new.eval()(x), tmp_path / "expected.pt")
    code = textwrap.dedent(f"""
        import torch, dropsurgeon
        m = dropsurgeon.load({str(tmp_path / 's')!r}, trust_spec=True).eval()
        x = torch.load({str(tmp_path / 'x.pt')!r}, weights_only=True)
        with torch.no_grad():
            same = torch.equal(m(x), torch.load({str(tmp_path / 'expected.pt')!r},
                                                 weights_only=True))
        ep = torch.export.export(m, (x,), strict=False)
        ops = [str(n.target) for n in ep.graph.nodes if n.op == "call_function"]
        print(same, any("dropout" in o for o in ops),
              any(isinstance(s, torch.nn.Dropout) for s in m.modules()))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "False", "False"]


def test_a_changed_model_without_its_plan_is_refused(tmp_path, netfile):
    new = dropsurgeon.remove(_net(netfile))
    del new.__dict__["_dropsurgeon_plan"]
    with pytest.raises(SaveError, match="carries no plan"):
        dropsurgeon.save(new, None, tmp_path / "s")
    with pytest.raises(SaveError, match="not the one this model was made with"):
        dropsurgeon.save(dropsurgeon.remove(_net(netfile)), Plan().set_rate("dropout", 0.1),
                         tmp_path / "s")
    assert not (tmp_path / "s").exists()


def test_chained_one_call_results_carry_every_step(tmp_path, netfile):
    model = _net(netfile)
    new = dropsurgeon.insert(dropsurgeon.set_rate(model, "dropout", 0.2), "after:fc", p=0.1)
    dropsurgeon.save(new, None, tmp_path / "s")
    back = dropsurgeon.load(tmp_path / "s", model=_net(netfile))
    assert [type(m).__name__ for m in back.modules()] == \
        [type(m).__name__ for m in new.modules()]
    assert back.drop.p == 0.2
    assert "_dropsurgeon_plan" not in dropsurgeon.undo(new).__dict__


# --- item 34: hand-edited manifests ---------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "message"), [
    ("kwargs", [1], "field 'kwargs' must be dict"),
    ("rates", "x", "field 'rates' must be dict"),
    ("rates", {"drop": 7}, "must be a number in"),
    ("aliases", {"a": 3}, "must map names to names"),
    ("training", "yes", "field 'training' must be bool"),
    ("version", True, "field .version. must be int, not bool"),
    ("weights", "/etc/passwd", "outside the save directory"),
    ("weights", "../net.py", "outside the save directory"),
    ("sha256", "zz", "not a SHA-256"),
])
def test_a_bad_manifest_is_one_save_error(tmp_path, netfile, field, value, message):
    dropsurgeon.save(_net(netfile), None, tmp_path / "s")
    path = tmp_path / "s" / "dropsurgeon.json"
    manifest = json.loads(path.read_text())
    manifest[field] = value
    path.write_text(json.dumps(manifest))
    with pytest.raises(SaveError, match=message):
        dropsurgeon.load(tmp_path / "s", model=_net(netfile))


# --- item 32: atomic writes ----------------------------------------------------------------

def test_atomic_write_goes_through_a_symlink(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_save_through_a_symlinked_directory_keeps_the_link(tmp_path, netfile):
    dropsurgeon.save(_net(netfile), None, tmp_path / "real")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    dropsurgeon.save(dropsurgeon.remove(_net(netfile)), None, tmp_path / "link")
    assert (tmp_path / "link").is_symlink()
    plan = json.loads((tmp_path / "real" / "plan.json").read_text())
    assert plan["operations"][0]["op"] == "remove"


def test_a_crash_between_the_renames_is_recovered(tmp_path, netfile):
    dropsurgeon.save(_net(netfile), None, tmp_path / "s")
    # What a kill between "move the old save aside" and "rename the new one in" leaves:
    os.replace(tmp_path / "s", tmp_path / ".s.abc123.old")
    back = dropsurgeon.load(tmp_path / "s", model=_net(netfile))
    assert isinstance(back, nn.Module) and (tmp_path / "s" / "dropsurgeon.json").is_file()
    assert not (tmp_path / ".s.abc123.old").exists()


def test_leftover_temporaries_of_killed_saves_are_cleaned(tmp_path, netfile):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    leftover = tmp_path / f".s.{dead}.xyz.tmp"
    leftover.mkdir()
    (leftover / "model.safetensors").write_bytes(b"partial")
    foreign = tmp_path / f".s.{dead}.abc.tmp"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not ours")
    dropsurgeon.save(_net(netfile), None, tmp_path / "s")
    assert not leftover.exists()
    assert (foreign / "notes.txt").read_text() == "not ours"  # never delete what is not ours
