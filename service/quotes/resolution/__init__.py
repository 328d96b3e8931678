"""Resolution: a source turned into an entity of the article (a name, a pronoun, a description, an
apposition), the entities followed through the article in text order.
"""
