"""Sources: who a cue gives the words to (the subject of a reporting verb, read on the parse and the
words around it) and the « selon X » / « pour X » phrases that source a clause.
"""
