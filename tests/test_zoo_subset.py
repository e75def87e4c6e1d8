"""A CI-sized slice of the real-model sweep (benchmarks/zoo_lint.py runs the full zoos).

Models nobody here wrote, built without weights: each must be analysed by some front-end,
with zero error-level findings (they are correct), and every dropout they contain must be
in the inventory, on in train and off in eval.  Kept small: a few seconds per model.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings

import pytest
from conftest import ROOT

torch = pytest.importorskip("torch")
torchvision = pytest.importorskip("torchvision")
timm = pytest.importorskip("timm")
transformers = pytest.importorskip("transformers")

import dropsurgeon  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore")


def _lint(model, inputs=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = dropsurgeon.lint(model, inputs=inputs)
    assert len(report.models) == 1
    return report, report.models[0]


def _errors(report):
    return [f for f in report.active_findings if str(f.severity) == "error"]


def _dropout_sites(result, *types):
    return [s for s in result.inventory.sites if s.module_type in types]


def _assert_train_only(sites):
    """Every site drops in train and is the identity in eval (these models are correct)."""
    assert sites
    for s in sites:
        assert s.active_train is True, (s.module, s.behaviour())
        assert s.active_eval is False, (s.module, s.behaviour())


# -- torchvision -----------------------------------------------------------------------------

def test_cli_lints_torchvision_resnet18_spec(cli):
    result = cli("lint", "torchvision.models:resnet18", "--kwargs", '{"weights": null}',
                 "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    data = result.json()
    [model] = data["models"]
    assert model["status"] == "analysed"
    assert "fx" in model["frontend"].split("+")
    assert data["summary"]["by_severity"]["error"] == 0
    assert model["sites"] == 0  # resnet18 has no dropout: nothing invented


def test_cli_lints_torchvision_spec_with_dropout(cli):
    result = cli("lint", "torchvision.models:mobilenet_v3_small", "--kwargs",
                 '{"weights": null}', "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    [model] = result.json()["models"]
    assert model["status"] == "analysed"
    assert model["sites"] == 1  # classifier[2] = nn.Dropout(0.2)


def test_torchvision_mobilenet_inventory_via_api():
    model = torchvision.models.mobilenet_v3_small(weights=None)
    report, result = _lint(model)
    assert result.status == "analysed" and "fx" in result.frontends
    assert not _errors(report)
    [site] = _dropout_sites(result, "Dropout")
    assert site.module == "classifier.2" and site.p == pytest.approx(0.2)
    _assert_train_only([site])
    # the user's line: where torchvision builds the classifier, not a torch internal
    assert site.path and site.path.endswith("mobilenetv3.py") and site.line


# -- timm ------------------------------------------------------------------------------------

def test_cli_lints_timm_factory_spec(cli):
    kwargs = '{"model_name": "convnext_atto", "drop_rate": 0.1, "drop_path_rate": 0.1}'
    result = cli("lint", "timm:create_model", "--kwargs", kwargs, "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr  # info findings only
    data = result.json()
    [model] = data["models"]
    assert model["status"] == "analysed" and "fx" in model["frontend"].split("+")
    assert model["sites"] > 10  # a DropPath per block, the head dropout, p=0 mlp dropouts
    assert data["summary"]["by_severity"] == {"error": 0, "warning": 0,
                                              "info": data["summary"]["findings"]}


@pytest.mark.parametrize("name", ["vit_tiny_patch16_224", "convnext_atto"])
def test_timm_drop_path_models(name):
    model = timm.create_model(name, pretrained=False, drop_rate=0.1, drop_path_rate=0.1)
    report, result = _lint(model)
    assert result.status == "analysed" and "fx" in result.frontends
    assert not _errors(report)
    drop_paths = [s for s in _dropout_sites(result, "DropPath") if s.p]
    # drop_path_rate ramps linearly from 0 at the first block, so every block but the first
    # has a DropPath with p > 0; all must be found and behave like dropout
    assert len(drop_paths) >= 2
    assert max(s.p for s in drop_paths) == pytest.approx(0.1)
    _assert_train_only(drop_paths)
    head = [s for s in _dropout_sites(result, "Dropout") if s.p == pytest.approx(0.1)]
    _assert_train_only(head)  # the head's drop_rate


# -- transformers ----------------------------------------------------------------------------

def _ids(vocab: int = 100) -> dict:
    ids = torch.randint(3, vocab, (2, 8))
    return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}


def test_transformers_bert_tiny_config():
    config = transformers.BertConfig(
        vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=64, max_position_embeddings=64,
        hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1,
    )
    model = transformers.AutoModel.from_config(config)
    report, result = _lint(model, inputs=(_ids(),))
    assert result.status == "analysed"
    assert set(result.frontends) & {"fx", "runtime", "export"}
    assert not _errors(report)
    modules = _dropout_sites(result, "Dropout")
    names = {s.module for s in modules}
    # embeddings + per layer the attention output and the feed-forward output
    assert "embeddings.dropout" in names
    assert {f"encoder.layer.{i}.output.dropout" for i in range(2)} <= names
    _assert_train_only([s for s in modules if s.p])


def test_transformers_gpt2_tiny_config():
    config = transformers.GPT2Config(
        vocab_size=100, n_embd=32, n_layer=2, n_head=4, n_positions=64,
        resid_pdrop=0.1, embd_pdrop=0.1, attn_pdrop=0.1,
    )
    model = transformers.AutoModel.from_config(config)
    report, result = _lint(model, inputs=(_ids(),))
    assert result.status == "analysed"
    assert not _errors(report)
    modules = [s for s in _dropout_sites(result, "Dropout") if s.p]
    assert {"drop", "h.0.mlp.dropout", "h.1.attn.resid_dropout"} <= {s.module for s in modules}
    _assert_train_only(modules)


# -- the sweep script itself -----------------------------------------------------------------

def _zoo_script():
    spec = importlib.util.spec_from_file_location(
        "zoo_lint", ROOT / "benchmarks" / "zoo_lint.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("zoo_lint", module)
    spec.loader.exec_module(module)
    return module


def test_zoo_script_rows_and_markdown():
    zoo = _zoo_script()
    rows = [zoo.run_case(zoo.Case("torchvision", "mobilenet_v3_small", "classification")),
            zoo.run_case(zoo.Case("transformers", "distilbert", "distilbert"))]
    assert [r.status for r in rows] == ["analysed", "analysed"], [r.reason for r in rows]
    assert rows[0].sites == 1 and rows[1].sites > 0
    assert all(r.errors == 0 for r in rows)
    text = zoo.markdown(rows, ["--limit", "1"])
    assert "models analysed by some front-end: 2/2" in text
    assert "| torchvision | mobilenet_v3_small | analysed |" in text


def test_torchvision_detection_model_is_analysed_at_eval():
    # detection models need targets in train mode: fx cannot trace them and their train
    # forward raises, so only the eval forward is observed; that must still count
    model = torchvision.models.get_model(
        "fasterrcnn_mobilenet_v3_large_320_fpn", weights=None, weights_backbone=None)
    report, result = _lint(model, inputs=([torch.rand(3, 160, 160)],))
    assert result.status == "analysed", result.reason
    assert "runtime" in result.frontends
    assert "train" in result.reason  # says what was not observed
    assert not _errors(report)


def test_transformers_layerdrop_is_not_dead_dropout():
    # LED's decoder LayerDrop skipped layer 0 in the monitored train forward, and the
    # dropouts inside it were reported as never active in train (DS107)
    zoo = _zoo_script()
    model, inputs, _ = zoo.build_transformers(zoo.Case("transformers", "led", "led"))
    assert model.config.decoder_layerdrop == pytest.approx(0.1)
    report, result = _lint(model, inputs=inputs)
    assert result.status == "analysed"
    assert not [f for f in report.active_findings if f.code == "DS107"]
    assert not _errors(report)


def test_timm_sdpa_without_dropout_p_is_not_a_site():
    # davit calls F.scaled_dot_product_attention(q, k, v): no dropout at all, yet it was
    # reported as an attention dropout that never drops in train (DS107)
    model = timm.create_model("davit_tiny", pretrained=False, drop_rate=0.1,
                              drop_path_rate=0.1)
    report, result = _lint(model)
    assert result.status == "analysed"
    assert not [f for f in report.active_findings if f.code == "DS107"]
    assert not [s for s in result.inventory.sites if s.kind == "attention" and not s.p]
