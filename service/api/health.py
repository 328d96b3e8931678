"""GET /health (the process answers) and GET /ready (the models are loaded)."""
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from .engine import current_engine
from .errors import documents_errors
from .schemas import StatusSchema

blp = Blueprint("health", __name__, description="Liveness and readiness.")


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, StatusSchema)
    def get(self):
        """The process answers."""
        return {"status": "ok"}


@blp.route("/ready")
class Ready(MethodView):
    @blp.response(200, StatusSchema, example={"status": "ready"})
    @documents_errors(blp, {503: "The models are not loaded; the message says why."})
    def get(self):
        """The models are loaded and quotes can be served."""
        reason = current_engine().not_ready_reason()
        if reason is not None:
            abort(503, message=reason, headers={"Retry-After": "5"})
        return {"status": "ready"}
