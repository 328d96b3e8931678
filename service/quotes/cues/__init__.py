"""Cues: the reporting verbs of the lexicon and the cue of each passage in quotation marks (an incise,
a colon, a cleft, a governing verb, a noun of speech).
"""
