"""GET /speakers: the known speakers the answers link to, and the list's version (its file's
sha256, size and number of speakers, as /version says it), the hash also in a header so that
`HEAD /speakers` tells whether the list changed."""
from flask.views import MethodView
from flask_smorest import Blueprint

from . import version
from .engine import current_engine
from .errors import documents_errors
from .schemas import SpeakerListSchema

blp = Blueprint("speakers", __name__, url_prefix="/speakers",
                description="The speaker list in use.")

SPEAKERS_HEADER = "X-Citations-Speakers"
HEADERS_DOC = {SPEAKERS_HEADER: {"description": "sha256 of the speaker list's file.",
                                 "schema": {"type": "string"}}}


@blp.route("")
class Speakers(MethodView):
    @blp.response(200, SpeakerListSchema, headers=HEADERS_DOC)
    @documents_errors(blp, {503: "The speaker list cannot be read."})
    def get(self):
        """The known speakers (id, name, aliases and dated roles), and the list's version."""
        engine = current_engine()
        listed = engine.speaker_list()
        info = version.speaker_list(engine)
        return {"version": info, "speakers": listed.to_dicts()}, 200, {SPEAKERS_HEADER: info["sha256"]}
