"""Reported content: what a cue introduces (a que-clause, an infinitive, a complement…), read on the parse
and on the words, and how every reported span is bounded.
"""
