"""[tool.dropsurgeon]: discovery upward, every key, CLI overrides, bad input as one line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dropsurgeon.errors import DropsurgeonError
from dropsurgeon.findings import Finding, Severity
from dropsurgeon.linter.config import Config, filter_findings, load_config, match_path, read_config

PYPROJECT = """
[project]
name = "x"

[tool.dropsurgeon]
select = ["DS1", "DS2"]
ignore = ["DS203"]
fail-on = "error"
exclude = ["build/", "third_party/**", "*_pb2.py"]

[tool.dropsurgeon.per-file-ignores]
"tests/**" = ["DS101"]

[tool.dropsurgeon.severity]
DS204 = "error"
DS1 = "warning"
DS104 = "info"
"""


def _f(code, path, sev=Severity.ERROR):
    return Finding(code=code, severity=sev, message="m", path=str(path), line=1)


@pytest.fixture()
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    (tmp_path / "tests").mkdir()
    return tmp_path


def test_found_upward_from_a_nested_path(project):
    cfg = load_config(project / "src" / "pkg")
    assert cfg.source == project / "pyproject.toml"
    assert cfg.select == ["DS1", "DS2"] and cfg.ignore == ["DS203"]
    assert cfg.fail_on is Severity.ERROR


def test_pyproject_without_the_table_is_skipped(project):
    (project / "src" / "pyproject.toml").write_text("[project]\nname = 'inner'\n")
    assert load_config(project / "src" / "pkg").source == project / "pyproject.toml"


def test_no_config_means_defaults(tmp_path):
    cfg = load_config(tmp_path)
    assert cfg.select is None and cfg.ignore == [] and cfg.fail_on is None


def test_filter_select_ignore_per_file_and_severity(project):
    cfg = read_config(project / "pyproject.toml")
    findings = [
        _f("DS101", project / "src" / "a.py"),
        _f("DS101", project / "tests" / "test_a.py"),  # per-file ignore
        _f("DS203", project / "src" / "a.py"),  # ignored
        _f("DS401", project / "src" / "a.py"),  # not selected
        _f("DS204", project / "src" / "a.py", Severity.WARNING),
        _f("DS104", project / "src" / "a.py"),
    ]
    kept = filter_findings(findings, cfg)
    got = {(f.code, f.severity) for f in kept}
    assert got == {("DS101", Severity.WARNING), ("DS204", Severity.ERROR),
                   ("DS104", Severity.INFO)}  # DS104 beats DS1: most specific wins


def test_cli_flags_override(project):
    cfg = read_config(project / "pyproject.toml").merged(select="DS4", ignore=["DS402"],
                                                         fail_on="info")
    assert cfg.select == ["DS4"] and cfg.ignore == ["DS203", "DS402"]
    assert cfg.fail_on is Severity.INFO
    assert cfg.wants("DS401") and not cfg.wants("DS402") and not cfg.wants("DS101")


def test_exclude_patterns(project):
    cfg = read_config(project / "pyproject.toml")
    assert cfg.is_excluded(project / "build" / "x.py")
    assert cfg.is_excluded(project / "src" / "build" / "x.py")  # unanchored: any depth
    assert cfg.is_excluded(project / "third_party" / "a" / "b.py")
    assert cfg.is_excluded(project / "src" / "msg_pb2.py")
    assert not cfg.is_excluded(project / "src" / "pkg" / "model.py")


@pytest.mark.parametrize("body, message", [
    ('[tool.dropsurgeon]\nselct = ["DS1"]\n', "unknown key 'selct'"),
    ('[tool.dropsurgeon]\nselect = ["XX9999"]\n', "unknown rule code or prefix 'XX9999'"),
    ('[tool.dropsurgeon]\nfail-on = "fatal"\n', "unknown severity"),
    ('[tool.dropsurgeon]\nexclude = "build"\nignore = 3\n', "expected a list of strings"),
    ('[tool.dropsurgeon\n', "invalid TOML"),
    ('[tool.dropsurgeon]\nrespect-gitignore = "no"\n', "respect-gitignore: expected true or false"),
])
def test_bad_config_is_one_line_error(tmp_path, body, message):
    (tmp_path / "pyproject.toml").write_text(body)
    with pytest.raises(DropsurgeonError, match=message) as info:
        read_config(tmp_path / "pyproject.toml")
    assert "\n" not in str(info.value)


def test_match_path_gitignore_semantics():
    assert match_path("a/b/c.py", "b/")
    assert not match_path("a/b", "b/")  # a file named b is not the directory b/
    assert match_path("a/b/c.py", "a/**/c.py")
    assert match_path("a/c.py", "a/**/c.py")
    assert match_path("x/gen/y.py", "gen")
    assert not match_path("x/general.py", "gen")
    assert match_path("a/b/c.py", "/a/b")  # a leading slash anchors to the root
    assert not match_path("z/a/b/c.py", "/a/b")


names = st.text(alphabet="abcxyz_", min_size=1, max_size=6)


@given(parts=st.lists(names, min_size=1, max_size=4), extra=names)
def test_a_directory_pattern_covers_everything_below(parts, extra):
    rel = "/".join([*parts, extra + ".py"])
    assert match_path(rel, parts[0] + "/")
    assert match_path(rel, "/".join(parts))


def test_config_default_root_is_cwd():
    assert Config().select is None


def test_respect_gitignore_key_and_override(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.dropsurgeon]\nrespect-gitignore = false\n")
    cfg = read_config(tmp_path / "pyproject.toml")
    assert cfg.respect_gitignore is False
    assert cfg.merged().respect_gitignore is False
    assert cfg.merged(respect_gitignore=True).respect_gitignore is True
    assert Config().respect_gitignore is True


# -- issue 18 item 7: rule codes are checked, DS000 is always reported --------------------

@pytest.mark.parametrize("code", ["XX1", "DS999", "DS11", "D", "DS1x"])
@pytest.mark.parametrize("key", [
    'select = ["{c}"]', 'ignore = ["{c}"]', '[tool.dropsurgeon.per-file-ignores]\n"a.py" = ["{c}"]',
    '[tool.dropsurgeon.severity]\n{c} = "error"',
])
def test_unknown_code_in_config_lists_the_known_codes(tmp_path, code, key):
    (tmp_path / "pyproject.toml").write_text("[tool.dropsurgeon]\n" + key.format(c=code) + "\n")
    with pytest.raises(DropsurgeonError, match="unknown rule code or prefix") as info:
        read_config(tmp_path / "pyproject.toml")
    assert "DS101" in str(info.value) and "DS000" in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("flag", ["select", "ignore"])
def test_unknown_code_in_flags_is_an_error(flag):
    with pytest.raises(DropsurgeonError, match="known: DS000, DS101"):
        Config().merged(**{flag: "DS1,DS999"})


def test_known_codes_and_prefixes_pass():
    cfg = Config().merged(select="DS1,ds20,ALL,DS000", ignore=["DS4"])
    assert cfg.select == ["DS1", "DS20", "ALL", "DS000"]


def test_ds000_survives_select_and_prefixes(tmp_path):
    cfg = Config(root=tmp_path).merged(select="DS2", ignore="DS0,DS1")
    assert cfg.wants("DS000") and not cfg.wants("DS101")
    kept = filter_findings([_f("DS000", tmp_path / "a.py"), _f("DS101", tmp_path / "a.py")], cfg)
    assert [f.code for f in kept] == ["DS000"]
    assert not Config().merged(ignore="DS000").wants("DS000")  # named: the user means it
