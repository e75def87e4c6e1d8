"""Two real processes on one SQLite study finish N trials: none lost, none run twice.

The oracle is Optuna's own storage API (``optuna.load_study(...).get_trials()``), not
dropsurgeon's bookkeeping.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

optuna = pytest.importorskip("optuna")

ROOT = Path(__file__).resolve().parents[1]
N = 12

WORKER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    import torch.nn as nn
    import dropsurgeon

    url, folder, me = sys.argv[1], Path(sys.argv[2]), sys.argv[3]

    def build():
        return nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 2))

    def objective(model, trial):
        time.sleep(0.15)  # long enough for the two workers to interleave
        return abs(model[1].p - 0.25)

    (folder / f"ready-{me}").touch()
    while not (folder / "go").exists():  # start together, after both imported torch
        time.sleep(0.02)
    result = dropsurgeon.tune(build, objective, ["dropout"], trials=%d, storage=url,
                              study="shared", progress=False)
    print(json.dumps(result.ran_here))
""") % N


def test_two_processes_share_one_study(tmp_path):
    url = f"sqlite:///{tmp_path / 'tune.db'}"
    optuna.create_study(storage=url, study_name="shared")  # tables exist before the race
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, url, str(tmp_path), str(i)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT) for i in range(2)]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{i}").exists() for i in range(2)):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), \
            [p.communicate() for p in procs]
        time.sleep(0.05)
    (tmp_path / "go").touch()
    ran = []
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err
        ran.append(json.loads(out.strip().splitlines()[-1]))

    trials = optuna.load_study(study_name="shared", storage=url).get_trials()
    complete = [t.number for t in trials if t.state.name == "COMPLETE"]
    assert len(complete) == N  # none lost
    assert len({t.number for t in trials}) == len(trials)  # numbers unique
    assert not [t for t in trials if t.state.name in ("RUNNING", "WAITING")]
    # Each complete trial was run by exactly one worker, and each worker ran some.
    assert sorted(ran[0] + ran[1]) == sorted(complete)
    assert not set(ran[0]) & set(ran[1])
    assert ran[0] and ran[1]
    workers = {t.user_attrs["worker"] for t in trials if t.state.name == "COMPLETE"}
    assert len(workers) == 2
    # A trial beyond N (two workers asking for the last one at once) is marked, not run.
    for t in trials:
        if t.state.name == "FAIL":
            assert t.user_attrs.get("surplus") is True and "p:dropout" not in t.params


SLOW_OBJECTIVE = textwrap.dedent("""
    import time
    from pathlib import Path

    def objective(model, trial):
        if trial.number == 1:
            Path(__file__).with_name("started").touch()
            time.sleep(120)  # Ctrl-C arrives here
        return 0.5
""")


def test_ctrl_c_on_the_command_line_then_resume(tmp_path):
    import signal

    (tmp_path / "slow.py").write_text(SLOW_OBJECTIVE)
    url = f"sqlite:///{tmp_path / 'tune.db'}"
    cmd = [sys.executable, "-m", "dropsurgeon", "tune",
           f"{ROOT / 'examples' / 'tune_model.py'}:Net", "--objective",
           f"{tmp_path / 'slow.py'}:objective", "--trials", "3", "--storage", url,
           "--study", "c", "--no-progress", "--no-figures", "-g", "dropout"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not (tmp_path / "started").exists():
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1].startswith("dropsurgeon: interrupted; study 'c' is kept")
    trials = optuna.load_study(study_name="c", storage=url).get_trials()
    assert [t.state.name for t in trials] == ["COMPLETE", "FAIL"]  # nothing left running
    (tmp_path / "slow.py").write_text("def objective(model, trial):\n    return 0.25\n")
    resumed = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    trials = optuna.load_study(study_name="c", storage=url).get_trials()
    assert [t.state.name for t in trials] == ["COMPLETE", "FAIL", "COMPLETE", "COMPLETE"]
