"""The citations service: `create_app()` builds the Flask application (settings,
OpenAPI, blueprints, error handlers, logs, security headers)."""


def create_app(settings=None):
    """The WSGI application; models load on `warm_up(app)` or on first use."""
    # Imported here so that using the engine alone (service.quotes) does not load Flask.
    from flask import Flask

    from service.api import BLUEPRINTS, docs
    from service.api.body import register_body_limit
    from service.api.engine import EXTENSION, Engine
    from service.api.errors import JsonErrorApi, register_error_handlers
    from service.api.headers import register_security_headers
    from service.api.openapi import API_CONFIG, SPEC_KWARGS, ExamplePlugin, complete_spec
    from service.api.request_log import configure_logging, register_request_log
    from service.config import Settings
    from service.web import blp as web_blp

    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    app = Flask(__name__)
    app.config.update(API_CONFIG, DEBUG=False, PROPAGATE_EXCEPTIONS=False)
    app.extensions[EXTENSION] = Engine(settings)

    api = JsonErrorApi(app, spec_kwargs={**SPEC_KWARGS, "extra_plugins": [ExamplePlugin()]})
    complete_spec(api)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.register_blueprint(docs.blp)
    app.register_blueprint(web_blp)

    register_error_handlers(app)
    register_request_log(app)
    register_body_limit(app, settings.max_body_bytes)
    register_security_headers(app)
    return app


def warm_up(app, background=False):
    """Load the models now, or in a thread of their own with `background` (gunicorn does this in
    each worker: /health answers at once, /ready once the models are in, and a request that comes
    before waits for them)."""
    import threading

    from service.api.engine import EXTENSION
    from service.nlp.pipeline import set_torch_threads

    engine = app.extensions[EXTENSION]
    if not background:
        engine.load()
        return None
    set_torch_threads(engine.settings)     # here too: the requests run in this thread, not the loader's
    loader = threading.Thread(target=engine.load, name="load-models", daemon=True)
    loader.start()
    return loader
