"""GET /speakers: the known speakers the answers link to."""
from flask.views import MethodView
from flask_smorest import Blueprint

from .engine import current_engine
from .errors import documents_errors
from .schemas import SpeakerListSchema

blp = Blueprint("speakers", __name__, url_prefix="/speakers",
                description="The speaker list in use.")


@blp.route("")
class Speakers(MethodView):
    @blp.response(200, SpeakerListSchema)
    @documents_errors(blp, {503: "The speaker list cannot be read."})
    def get(self):
        """The known speakers: id, name, aliases and dated roles."""
        engine = current_engine()
        return {"speakers": engine.speaker_list().to_dicts()}
