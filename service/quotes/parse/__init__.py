"""The article as the engine sees it: Stanza's parse of its paragraphs, mended where the tagger misreads
French, with the words' classes and verb groups the rules read.
"""
