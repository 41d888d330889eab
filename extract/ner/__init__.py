"""The statistical named-entity recognizer: GermEval 2014 data, training and held-out scoring.

`evaluate` reads GermEval, fixes the train/dev/held-out split and scores any
token-span predictor; `train` builds the shipped spaCy pipeline in `model/`.
"""
