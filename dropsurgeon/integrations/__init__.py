"""Callbacks that step a dropout schedule inside training frameworks.

* :mod:`.lightning`: ``DropoutScheduleCallback``, a PyTorch Lightning ``Callback``
  (extra ``[lightning]``);
* :mod:`.transformers`: ``DropoutScheduleCallback``, a transformers ``TrainerCallback``
  (extra ``[hf]``).

Each framework is imported only when its module is: ``import dropsurgeon.integrations``
imports neither.
"""
