"""Data the mode analysis needs about libraries: loaders, constructors, wrappers, layers.

Each loader entry was checked against the library's own source (where is named):

- transformers ``PreTrainedModel.from_pretrained``: ``model.eval()`` before returning
  (transformers/modeling_utils.py, "Set model in evaluation mode to deactivate Dropout
  modules by default") -> ``eval``.
- diffusers ``ModelMixin.from_pretrained``: ``model.eval()`` after ``register_to_config``
  (diffusers/models/modeling_utils.py, same comment; read through the code search) -> ``eval``.
- peft ``PeftModel.from_pretrained`` -> ``load_adapter``: ``if not is_trainable: self.eval()``
  (peft/peft_model.py) -> ``eval``, unless ``is_trainable=True`` (then ``unknown``).
- Lightning ``LightningModule.load_from_checkpoint`` -> ``_load_from_checkpoint``
  (lightning/pytorch/core/saving.py): builds the module and loads the state dict, never calls
  ``eval``/``train`` -> the constructor's mode, ``train``.
- ``torch.load`` of a whole module: whatever mode was saved -> ``unknown`` (not tracked).
"""

from __future__ import annotations

import re

from ...capture.source_names import MODEL_WRAPPERS

# libraries whose ``X.from_pretrained(...)`` returns a model in eval mode
EVAL_LOADER_LIBS = ("transformers", "diffusers", "peft")
# receivers of ``from_pretrained`` that are no module (no mode)
NOT_A_MODULE = re.compile(r"(token|process|config|feature_extract|scheduler|pipeline|"
                          r"image_proc|vocab)", re.IGNORECASE)

# calls that return the same object (or a wrapper sharing its mode)
SAME_OBJECT_METHODS = frozenset({
    "to", "cuda", "cpu", "float", "half", "double", "bfloat16", "requires_grad_",
    "to_empty", "share_memory", "type", "apply",
})
WRAPPERS = MODEL_WRAPPERS
COPIERS = frozenset({"deepcopy", "copy"})

# torch.nn layers with no mode-dependent behaviour (train and eval compute the same)
MODE_FREE_LAYERS = frozenset({
    "Linear", "Bilinear", "LazyLinear", "Identity", "Conv1d", "Conv2d", "Conv3d",
    "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "Embedding", "EmbeddingBag",
    "ReLU", "ReLU6", "GELU", "SiLU", "Tanh", "Sigmoid", "Softmax", "LogSoftmax", "LeakyReLU",
    "ELU", "PReLU", "Mish", "Softplus", "Hardswish", "Hardtanh", "Flatten", "Unflatten",
    "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool2d",
    "LayerNorm", "GroupNorm", "RMSNorm", "Upsample", "PixelShuffle", "ZeroPad2d",
})
# layers whose behaviour always depends on the mode
MODE_LAYERS = re.compile(r"Dropout|BatchNorm|SyncBatchNorm|AlphaDropout|DropPath|RReLU")
# recurrent layers and transformer blocks: mode-dependent only through their dropout argument
DROPOUT_ARG_LAYERS = frozenset({
    "LSTM", "GRU", "RNN", "MultiheadAttention", "Transformer", "TransformerEncoderLayer",
    "TransformerDecoderLayer", "TransformerEncoder", "TransformerDecoder",
})
# transformer layers whose dropout defaults to 0.1 (the others default to 0)
DROPOUT_DEFAULT_ON = frozenset({"Transformer", "TransformerEncoderLayer",
                                "TransformerDecoderLayer"})

# torchvision builders: every one has dropout or batch norm, except the ViT/Swin families whose
# dropout defaults to 0 (and which use LayerNorm): those are "may have" (None).
TORCHVISION_NO_CARE_HINT = re.compile(r"^(vit_|swin_|maxvit)")


# torchvision architecture classes built directly (``torchvision.models.VGG(layers)``): each
# holds dropout or batch norm whatever its arguments (VisionTransformer and SwinTransformer
# default to no dropout and use LayerNorm: not listed)
TORCHVISION_CARING_CLASSES = frozenset({
    "AlexNet", "VGG", "ResNet", "DenseNet", "GoogLeNet", "Inception3", "MobileNetV2",
    "MobileNetV3", "EfficientNet", "SqueezeNet", "ShuffleNetV2", "MNASNet", "RegNet",
    "ConvNeXt",
})


def torchvision_care(name: str) -> bool | None:
    if TORCHVISION_NO_CARE_HINT.match(name):
        return None
    if name in TORCHVISION_CARING_CLASSES:
        return True
    return True if name[:1].islower() else None


# timm model names (``timm.create_model("resnet50")``) of families built with batch norm
# (timm's resnet, efficientnet, mobilenetv3, densenet, regnet, ... modules); the transformer
# and ConvNeXt families use LayerNorm with dropout and drop-path at 0 by default: not listed
TIMM_BATCH_NORM = re.compile(
    r"^(resnet|resnext|wide_resnet|seresnet|seresnext|ecaresnet|skresnet|res2net|resnest|"
    r"efficientnet|tf_efficientnet|mobilenet|tf_mobilenet|mnasnet|densenet|regnet|dla|dpn|"
    r"inception|xception|rexnet|ghostnet|hrnet|cspdarknet|cspresnet|cspresnext|darknet|"
    r"mixnet|tf_mixnet|nasnet|pnasnet|selecsls|tresnet|repvgg|vovnet|ese_vovnet|gernet|"
    r"semnasnet|spnasnet|fbnet|lcnet|hardcorenas|legacy_se)")


def timm_care(call_args: list, keywords: dict) -> bool | None:
    """``timm.create_model(name, ..., drop_rate=...)``: True for a batch-norm family or a
    literal dropout/drop-path rate above 0; None (may have) otherwise."""
    rates = [keywords.get(k) for k in ("drop_rate", "drop_path_rate")]
    if any(isinstance(r, (int, float)) and not isinstance(r, bool) and r > 0 for r in rates):
        return True
    name = call_args[0] if call_args else keywords.get("model_name")
    if isinstance(name, str) and TIMM_BATCH_NORM.match(name.split("/")[-1].split(".")[0]):
        return True
    return None


# `from_pretrained` families whose configuration defaults put dropout above 0 (transformers'
# BertConfig, RobertaConfig, DistilBertConfig, ElectraConfig, GPT2Config, T5Config,
# BartConfig, XLNetConfig, DebertaConfig, MarianConfig, PegasusConfig, MBartConfig,
# Wav2Vec2Config, OPTConfig, Blip2QFormerConfig: 0.1; read off the installed package),
# matched on the class or the checkpoint name; ViT, Whisper, ALBERT and the decoder-only
# LLMs default to 0: not listed
PRETRAINED_DROPOUT = re.compile(
    r"(?i)(^|[^a-z])(bert|roberta|distilbert|electra|gpt2|t5|bart|xlnet|deberta|marian|"
    r"opus-mt|pegasus|mbart|wav2vec2|opt|blip-?2|xlm-roberta|camembert|mt5|flan-t5)"
    r"($|[^a-z])|(Bert|Roberta|Electra|GPT2|T5|Bart|XLNet|Deberta|Marian|Pegasus|Wav2Vec2|"
    r"OPT|Blip2)(Model|For|LMHead|Encoder|Decoder)")


def pretrained_care(owner: str, checkpoint: object) -> bool | None:
    if PRETRAINED_DROPOUT.search(owner) or (
            isinstance(checkpoint, str) and PRETRAINED_DROPOUT.search(checkpoint)):
        return True
    return None


# words in a class's source that mean it has a mode-dependent layer
CARE_WORDS = re.compile(r"[Dd]ropout|BatchNorm|batch_norm|[Dd]rop[Pp]ath|drop_path|"
                        r"dropout_p|\bdropout\b|\.training\b|Dropout\d?d|StochasticDepth")

# a literal part of each CARE_WORDS alternative (``str.find`` for them before the pattern)
CARE_LITERALS = ("ropout", "BatchNorm", "batch_norm", "ropPath", "roppath", "rop_path",
                 ".training", "StochasticDepth")

# library methods that run a model for inference without switching its mode, and the region
# they evaluate in (transformers' GenerationMixin.generate: `@torch.no_grad()`, no `.eval()`)
# exporters that run the model once and keep what its present mode does (torch.onnx.export
# only with `dynamo=True`: the TorchScript exporter, its default before torch 2.9, switches
# to eval itself)
EXPORTERS = frozenset({"torch.jit.trace", "torch.jit.trace_module", "torch.onnx.export",
                       "torch.export.export", "torch.onnx.dynamo_export"})

LIBRARY_INFERENCE = {"generate": "under `torch.no_grad()` (in `generate()`)"}

# framework hooks: the framework sets the mode before calling them
FRAMEWORK_HOOKS = re.compile(r"_step$|_step_end$|^on_|_epoch_end$|^evaluation_loop$")

# consumers of a prediction: a model call whose result goes into one is an evaluation use
PREDICTION_CONSUMERS = frozenset({
    "argmax", "argmin", "topk", "softmax", "log_softmax", "sigmoid", "item", "tolist",
    "numpy", "round",
})
